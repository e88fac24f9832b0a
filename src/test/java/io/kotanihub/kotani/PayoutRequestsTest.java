package io.kotanihub.kotani;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;

import io.kotanihub.model.PaymentCommand;
import io.kotanihub.model.PaymentMethod;
import io.kotanihub.model.PaymentType;
import io.kotanihub.model.Recipient;
import org.junit.jupiter.api.Test;

/** Each payout endpoint gets its own field names (REFERENCE §10.1–10.4), with the amount's exact digits. */
class PayoutRequestsTest {

    private static PaymentCommand cmd(PaymentMethod method, String amount, String country, Recipient recipient) {
        return new PaymentCommand("ref-1", PaymentType.PAYOUT, method, new BigDecimal(amount), "KES", country,
                recipient, "March salary", null, null);
    }

    private static String json(PayoutRequest request) throws Exception {
        return KotaniClient.JSON.writeValueAsString(request.body());
    }

    @Test
    void mobileMoney() throws Exception {
        PayoutRequest request = PayoutRequests.of(cmd(PaymentMethod.MOBILE_MONEY, "1500.05", "KE",
                        new Recipient("Jane", "+254700000001", "MPESA", null, null, null, null, null)),
                "cust_1", "wallet-kes", "https://hub.example/webhooks/kotani");
        assertThat(request.endpoint().path()).isEqualTo("/api/v3/withdraw/mobile-money");
        assertThat(json(request)).isEqualTo("{\"customer_key\":\"cust_1\",\"amount\":1500.05,\"walletId\":\"wallet-kes\","
                + "\"referenceId\":\"ref-1\",\"currency\":\"KES\",\"network\":\"MPESA\","
                + "\"callbackUrl\":\"https://hub.example/webhooks/kotani\"}");
    }

    @Test
    void tillIsLipaNaMpesa() throws Exception {
        PayoutRequest request = PayoutRequests.of(cmd(PaymentMethod.TILL, "100", "KE",
                new Recipient(null, null, null, null, null, null, null, "174379")), null, "wallet-kes", null);
        assertThat(request.endpoint().path()).isEqualTo("/api/v3/withdraw/lipa-na-mpesa");
        assertThat(json(request)).isEqualTo("{\"amount\":100,\"walletId\":\"wallet-kes\",\"referenceId\":\"ref-1\","
                + "\"lipaNaMpesaDetails\":{\"businessShortcode\":\"174379\",\"transactionDesc\":\"March salary\"}}");
    }

    @Test
    void paybill() throws Exception {
        PayoutRequest request = PayoutRequests.of(cmd(PaymentMethod.PAYBILL, "250.50", "KE",
                new Recipient(null, "+254711111111", null, null, null, "400200", "ACC-77", null)), null, "w", null);
        assertThat(request.endpoint().path()).isEqualTo("/api/v3/withdraw/paybill");
        assertThat(json(request)).isEqualTo("{\"amount\":250.50,\"walletId\":\"w\",\"referenceId\":\"ref-1\","
                + "\"paybillDetails\":{\"paybillNumber\":\"400200\",\"accountNumber\":\"ACC-77\","
                + "\"phoneNumber\":\"+254711111111\",\"remarks\":\"March salary\"}}");
    }

    @Test
    void bankV2TakesNoWalletAndSouthAfricaGetsABankName() throws Exception {
        PayoutRequest kenya = PayoutRequests.of(cmd(PaymentMethod.BANK, "99999999.99", "KE",
                new Recipient("Jane Doe", null, null, "01", "1000000001", null, null, null)), null, null, null);
        assertThat(kenya.endpoint().path()).isEqualTo("/api/v3/withdraw/v2/bank");
        assertThat(json(kenya)).isEqualTo("{\"bankDetails\":{\"name\":\"Jane Doe\",\"bankCode\":\"01\","
                + "\"accountNumber\":\"1000000001\",\"country\":\"KE\"},\"currency\":\"KES\",\"amount\":99999999.99,"
                + "\"referenceId\":\"ref-1\"}");
        PayoutRequest southAfrica = PayoutRequests.of(cmd(PaymentMethod.BANK, "10", "ZA",
                new Recipient("Jane Doe", null, null, "FNB", "62000000001", null, null, null)), null, null, null);
        assertThat(southAfrica.body().path("bankDetails").path("bankName").asText()).isEqualTo("FNB");
    }

    @Test
    void statusEndpointsFollowTheMethod() {
        assertThat(PayoutRequests.statusEndpoint(PaymentMethod.BANK).path()).isEqualTo("/api/v3/withdraw/v2/bank/status/");
        assertThat(PayoutRequests.statusEndpoint(PaymentMethod.PAYBILL).path()).isEqualTo("/api/v3/withdraw/status/");
    }
}

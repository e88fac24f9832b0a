package io.kotanihub.kotani;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kotanihub.model.CryptoLeg;
import io.kotanihub.model.PaymentCommand;
import io.kotanihub.model.PaymentMethod;
import io.kotanihub.model.PaymentType;
import io.kotanihub.model.Recipient;
import org.junit.jupiter.api.Test;

/** The create calls of collections, onramps and offramps, with each endpoint's field names (REFERENCE §9.1, §12.1, §13.1). */
class KotaniRequestsTest {

    private static final String CELO = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed";

    private static PaymentCommand command(PaymentType type, PaymentMethod method, String amount, String currency,
                                          Recipient recipient, String narration, CryptoLeg crypto) {
        return new PaymentCommand("ref-1", type, method, new BigDecimal(amount), currency, "KE", recipient, narration,
                null, null, crypto);
    }

    private static Recipient mobile() {
        return new Recipient("Jane Doe", "+254700000001", "MPESA", null, null, null, null, null);
    }

    @Test
    void aCollectionIsAMobileMoneyDepositInSnakeCase() {
        PayoutRequest request = KotaniRequests.of(command(PaymentType.COLLECTION, PaymentMethod.MOBILE_MONEY,
                "1500.50", "KES", mobile(), null, null), "cust_1", "wallet-1", "https://hub.example/cb");
        assertThat(request.endpoint()).isEqualTo(KotaniEndpoint.DEPOSIT_MOBILE_MONEY);
        assertThat(request.endpoint().path()).isEqualTo("/api/v3/deposit/mobile-money");
        assertThat(request.body().toString()).isEqualTo(
                "{\"customer_key\":\"cust_1\",\"amount\":1500.50,\"wallet_id\":\"wallet-1\",\"reference_id\":\"ref-1\","
                        + "\"currency\":\"KES\",\"callback_url\":\"https://hub.example/cb\"}");
        assertThatThrownBy(() -> KotaniRequests.of(command(PaymentType.COLLECTION, PaymentMethod.MOBILE_MONEY, "1",
                "KES", mobile(), null, null), null, "wallet-1", null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anOnrampSendsTheCustomersMobileMoneyAndTheCryptoDestination() {
        ObjectNode body = KotaniRequests.of(command(PaymentType.ONRAMP, PaymentMethod.MOBILE_MONEY, "1000", "KES",
                mobile(), null, new CryptoLeg("CELO", "CUSD", CELO, null, null)), null, null, null).body();
        assertThat(body.toString()).isEqualTo("{\"mobileMoney\":{\"phoneNumber\":\"+254700000001\","
                + "\"accountName\":\"Jane Doe\",\"providerNetwork\":\"MPESA\"},\"fiatAmount\":1000,\"currency\":\"KES\","
                + "\"chain\":\"CELO\",\"token\":\"CUSD\",\"receiverAddress\":\"" + CELO + "\",\"referenceId\":\"ref-1\"}");
        assertThat(KotaniRequests.createEndpoint(PaymentType.ONRAMP, PaymentMethod.MOBILE_MONEY).path())
                .isEqualTo("/api/v3/onramp");
    }

    @Test
    void anOfframpSendsTheTokensAmountAndOneReceiverByMethod() {
        CryptoLeg crypto = new CryptoLeg("CELO", null, CELO, "0x000000000000000000000000000000000000dEaD", "KES");
        ObjectNode mobileMoney = KotaniRequests.of(command(PaymentType.OFFRAMP, PaymentMethod.MOBILE_MONEY, "12.5",
                "USDT", mobile(), null, crypto), null, null, "https://hub.example/cb").body();
        assertThat(mobileMoney.toString()).isEqualTo("{\"mobileMoneyReceiver\":{\"phoneNumber\":\"+254700000001\","
                + "\"accountName\":\"Jane Doe\",\"networkProvider\":\"MPESA\"},\"cryptoAmount\":12.5,"
                + "\"currency\":\"KES\",\"chain\":\"CELO\",\"token\":\"USDT\",\"referenceId\":\"ref-1\","
                + "\"senderAddress\":\"" + CELO + "\",\"callbackUrl\":\"https://hub.example/cb\","
                + "\"refund_config\":{\"address\":\"0x000000000000000000000000000000000000dEaD\"}}");

        CryptoLeg integratorWallet = new CryptoLeg("CELO", null, null, null, "KES");
        ObjectNode paybill = KotaniRequests.of(command(PaymentType.OFFRAMP, PaymentMethod.PAYBILL, "5", "CUSD",
                new Recipient(null, null, null, null, null, "400200", "ACC-9", null), "rent", integratorWallet),
                null, null, null).body();
        assertThat(paybill.path("paybillReceiver").toString())
                .isEqualTo("{\"paybillNumber\":\"400200\",\"accountNumber\":\"ACC-9\",\"remarks\":\"rent\"}");
        assertThat(paybill.has("senderAddress")).isFalse();
        assertThat(paybill.has("refund_config")).isFalse();

        ObjectNode till = KotaniRequests.of(command(PaymentType.OFFRAMP, PaymentMethod.TILL, "5", "CUSD",
                new Recipient(null, null, null, null, null, null, null, "174379"), null, integratorWallet),
                null, null, null).body();
        assertThat(till.path("lipaNaMpesaReceiver").toString()).isEqualTo("{\"businessShortcode\":\"174379\"}");
    }

    @Test
    void everyTypeHasItsCreateAndStatusEndpointAndPrerequisites() {
        assertThat(KotaniRequests.statusEndpoint(PaymentType.COLLECTION, PaymentMethod.MOBILE_MONEY).path())
                .isEqualTo("/api/v3/deposit/mobile-money/status/");
        assertThat(KotaniRequests.statusEndpoint(PaymentType.ONRAMP, PaymentMethod.MOBILE_MONEY).path())
                .isEqualTo("/api/v3/onramp/");
        assertThat(KotaniRequests.statusEndpoint(PaymentType.OFFRAMP, PaymentMethod.PAYBILL).path())
                .isEqualTo("/api/v3/offramp/");
        assertThat(KotaniRequests.statusEndpoint(PaymentType.PAYOUT, PaymentMethod.BANK))
                .isEqualTo(KotaniEndpoint.BANK_WITHDRAW_STATUS);
        assertThat(KotaniRequests.createEndpoint(PaymentType.OFFRAMP, PaymentMethod.MOBILE_MONEY).tier())
                .isEqualTo(KotaniEndpoint.Tier.GENERAL);
        assertThat(KotaniRequests.needsCustomer(PaymentType.COLLECTION, PaymentMethod.MOBILE_MONEY)).isTrue();
        assertThat(KotaniRequests.needsWallet(PaymentType.COLLECTION, PaymentMethod.MOBILE_MONEY)).isTrue();
        for (PaymentType ramp : new PaymentType[] {PaymentType.ONRAMP, PaymentType.OFFRAMP}) {
            assertThat(KotaniRequests.needsCustomer(ramp, PaymentMethod.MOBILE_MONEY)).isFalse();
            assertThat(KotaniRequests.needsWallet(ramp, PaymentMethod.MOBILE_MONEY)).isFalse();
        }
        assertThat(KotaniRequests.needsWallet(PaymentType.PAYOUT, PaymentMethod.BANK)).isFalse();
    }
}

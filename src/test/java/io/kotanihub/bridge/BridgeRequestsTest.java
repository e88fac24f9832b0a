package io.kotanihub.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kotanihub.rest.ApiProblem;
import org.junit.jupiter.api.Test;

/** The checks made before anything is stored or sent to Kotani. */
class BridgeRequestsTest {

    static final Duration DEFAULT_MIN = new BridgeProperties().getMinInvoiceValidity();
    final Instant now = Instant.parse("2026-11-23T12:00:00Z");

    @Test
    void theDefaultMinimumInvoiceValidityIsSixtySeconds() {
        assertThat(DEFAULT_MIN).isEqualTo(Duration.ofSeconds(60));
        assertThatThrownBy(() -> BridgeRequests.prepareCreate(BridgeHttp.request("MOBILE_MONEY", now.plusSeconds(59)),
                "wallet", "http://hub/cb", DEFAULT_MIN, now))
                .isInstanceOfSatisfying(ApiProblem.class, p -> {
                    assertThat(p.status()).isEqualTo(422);
                    assertThat(p.getMessage()).contains("59000 ms").contains("60000 ms");
                });
        assertThat(BridgeRequests.prepareCreate(BridgeHttp.request("MOBILE_MONEY", now.plusSeconds(60)), "wallet",
                "http://hub/cb", DEFAULT_MIN, now)).isNotNull();
    }

    @Test
    void walletAndCallbackDefaultFromTheHubButTheProvidersOwnWin() {
        ObjectNode filled = BridgeRequests.prepareCreate(BridgeHttp.request("MOBILE_MONEY"), "wallet-1",
                "http://hub/webhooks/kotani/bridge", DEFAULT_MIN, Instant.now());
        assertThat(filled.get("wallet_id").asText()).isEqualTo("wallet-1");
        assertThat(filled.get("callback_url").asText()).isEqualTo("http://hub/webhooks/kotani/bridge");
        ObjectNode own = BridgeHttp.request("MOBILE_MONEY");
        own.put("wallet_id", "provider-wallet");
        own.put("callback_url", "https://provider/cb");
        ObjectNode kept = BridgeRequests.prepareCreate(own, "wallet-1", "http://hub/cb", DEFAULT_MIN, Instant.now());
        assertThat(kept.get("wallet_id").asText()).isEqualTo("provider-wallet");
        assertThat(kept.get("callback_url").asText()).isEqualTo("https://provider/cb");
    }

    @Test
    void everyProblemIsListed() {
        ObjectNode request = BridgeHttp.request("BANK_TRANSFER");
        request.remove("customer_key");
        request.put("amount", "-1");
        request.put("transaction_type", "gift");
        ((ObjectNode) request.get("settlement").get("recipient")).remove("bank_code");
        ((ObjectNode) request.get("crypto_payment")).put("expires_at", "tomorrow");
        assertThatThrownBy(() -> BridgeRequests.prepareCreate(request, null, "http://hub/cb", DEFAULT_MIN, now))
                .isInstanceOfSatisfying(ApiProblem.class, p -> {
                    assertThat(p.status()).isEqualTo(400);
                    assertThat(p.errors()).extracting(e -> e.get("field")).contains("customer_key", "amount",
                            "transaction_type", "wallet_id", "settlement.recipient.bank_code",
                            "crypto_payment.expires_at");
                });
    }

    @Test
    void settlementAndRefundReportsNeedTheirDetails() {
        ObjectNode completed = BridgeClient.JSON.createObjectNode().put("status", "COMPLETED");
        assertThatThrownBy(() -> BridgeRequests.checkSettlement(completed)).isInstanceOfSatisfying(ApiProblem.class,
                p -> assertThat(p.errors()).containsExactly(Map.of("field", "settlement_details",
                        "message", "must be an object when status is COMPLETED")));
        ObjectNode paymentSent = BridgeClient.JSON.createObjectNode().put("status", "PAYMENT_SENT");
        assertThatThrownBy(() -> BridgeRequests.checkSettlement(paymentSent)).isInstanceOf(ApiProblem.class);
        assertThat(BridgeRequests.checkSettlement(BridgeClient.JSON.createObjectNode().put("status", "SETTLING")))
                .isEqualTo("SETTLING");
        ObjectNode refund = BridgeClient.JSON.createObjectNode();
        refund.putObject("refund_details").put("refund_method_used", "CRYPTO_ADDRESS").put("refund_status", "PENDING");
        assertThat(BridgeRequests.checkRefund(refund).get("refund_method_used").asText()).isEqualTo("CRYPTO_ADDRESS");
        ObjectNode wrong = BridgeClient.JSON.createObjectNode().put("refund_method_used", "CASH");
        assertThatThrownBy(() -> BridgeRequests.checkRefund(wrong)).isInstanceOf(ApiProblem.class);
    }
}

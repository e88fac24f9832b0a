package io.kotanihub.sandbox.links;

import static io.kotanihub.sandbox.ramps.TestSandbox.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import io.kotanihub.sandbox.ramps.TestSandbox;
import io.kotanihub.sandbox.ramps.TestSandbox.Answer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The alternative readings of §14 and §9.4/9.5's [AMBIGUOUS] points, each switched on by its property: the older
 * {@code /api/v3/payment-links} family, link identifiers nested in one object, 410 for a closed link, only
 * successful payments counting as uses, the echoing bank-checkout answer and a status record without {@code status};
 * and a short 3-D Secure timeout.
 */
class CollectionSwitchesTest {

    static TestSandbox sandbox;

    @BeforeAll
    static void start() {
        sandbox = TestSandbox.start(p -> {
            p.getPaymentLinks().setPaths("LEGACY");
            p.getPaymentLinks().setIdentifiers("NESTED");
            p.getPaymentLinks().setClosedStatus(410);
            p.getPaymentLinks().setPendingHoldsUse(false);
            p.getCheckout().setCreateResponse("ECHO");
            p.getCheckout().setStatusField(false);
            p.getCheckout().setThreeDsTimeout(Duration.ofMillis(300));
        });
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @Test
    void theOlderPathFamilyNestedIdentifiersAndGoneForAClosedLink() {
        assertThat(sandbox.post("/api/v3/dashboard/payment-links", json("{'name':'x','currency':'KES','amount':10}"))
                .status()).isEqualTo(404);
        Answer created = sandbox.post("/api/v3/payment-links", json("{'name':'INV-7','currency':'KES','amount':400}"));
        assertThat(created.status()).as(created.text()).isEqualTo(200);
        String code = created.data().get("shortCode").asText();
        String id = created.data().get("id").asText();
        assertThat(sandbox.get("/api/v3/payment-links/" + code).data().get("id").asText()).isEqualTo(id);

        String pending = pay(code, "+254700000020");
        String second = pay(code, "+254700000001");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(sandbox
                .get("/api/v3/payment-links/transactions/" + second).data().get("status").asText())
                .isEqualTo("successful"));
        assertThat(sandbox.get("/api/v3/payment-links/" + code + "/transactions").body().get("meta").get("total")
                .asInt()).isEqualTo(2);
        JsonNode deposit = sandbox.get("/api/v3/deposit/mobile-money/status/" + pending).data();
        assertThat(deposit.get("paymentLinkTransaction").get("paymentLinkId").asText()).isEqualTo(id);
        assertThat(deposit.get("paymentLinkTransaction").get("shortCode").asText()).isEqualTo(code);
        assertThat(deposit.has("payment_link_id")).isFalse();

        Answer closed = sandbox.postWithoutKey("/payment-links/" + code + "/pay",
                json("{'phoneNumber':'+254700000001','paymentMethod':'MOBILE_MONEY'}"));
        assertThat(closed.status()).isEqualTo(410);
        assertThat(closed.body().get("message").asText()).isEqualTo(PaymentLinks.USED_UP);
    }

    static String pay(String code, String phone) {
        Answer paid = sandbox.postWithoutKey("/payment-links/" + code + "/pay",
                json("{'phoneNumber':'" + phone + "','paymentMethod':'MOBILE_MONEY'}"));
        assertThat(paid.status()).as(paid.text()).isEqualTo(200);
        return paid.data().get("referenceId").asText();
    }

    @Test
    void theBankCheckoutAnswerCanEchoTheRequestAndItsStatusRecordCanOmitStatus() {
        Answer created = sandbox.post("/api/v3/deposit/bank/checkout", json("{'fullName':'Jane Doe',"
                + "'paymentMethod':'PAYBYBANK','currency':'KES','amount':1000,'referenceId':'ECHO-1'}"));
        assertThat(created.status()).as(created.text()).isEqualTo(200);
        assertThat(created.data().get("fullName").asText()).isEqualTo("Jane Doe");
        assertThat(created.data().get("paymentMethod").asText()).isEqualTo("PAYBYBANK");
        assertThat(created.data().get("bankPaymentDetails").get("reference").asText()).startsWith("KP");
        JsonNode status = sandbox.get("/api/v3/deposit/bank/checkout/status/ECHO-1").data();
        assertThat(status.has("status")).isFalse();
        assertThat(status.get("referenceId").asText()).isEqualTo("ECHO-1");
    }

    @Test
    void aThreeDSecureChallengeNobodyAnswersExpires() {
        Answer created = sandbox.post("/api/v3/deposit/card", json("{'fullName':'Thabo M','phoneNumber':'+27711000333',"
                + "'currency':'ZAR','amount':300,'referenceId':'CARD-3DS-LATE','card':{'number':'5200000000001096',"
                + "'holder':'THABO M','expiryMonth':'12','expiryYear':'2099','cvv':'123','paymentBrand':'MASTER'}}"));
        assertThat(created.status()).as(created.text()).isEqualTo(200);
        assertThat(created.data().get("redirect_url").asText()).isNotEmpty();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(
                sandbox.get("/api/v3/deposit/card/CARD-3DS-LATE").data().get("status").asText()).isEqualTo("EXPIRED"));
        assertThat(sandbox.getWithoutKey(created.data().get("redirect_url").asText()
                .substring(sandbox.base().length())).status()).isEqualTo(409);
    }
}

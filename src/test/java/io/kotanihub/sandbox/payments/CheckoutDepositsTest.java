package io.kotanihub.sandbox.payments;

import static io.kotanihub.sandbox.ramps.TestSandbox.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.kotanihub.sandbox.ramps.TestSandbox;
import io.kotanihub.sandbox.ramps.TestSandbox.Answer;
import io.kotanihub.sandbox.webhooks.CapturingReceiver;
import io.kotanihub.sandbox.webhooks.WebhookSigner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Bank checkout (§9.4/9.5) for ZAR, KES and NGN and card deposits (§9.6) with and without 3-D Secure, over real
 * HTTP, with the amount-cents and card-number outcomes README's sandbox table lists and their signed deposit events.
 */
class CheckoutDepositsTest {

    static final String CHECKOUT = "/api/v3/deposit/bank/checkout";
    static final String CARD = "/api/v3/deposit/card";

    static TestSandbox sandbox;
    static CapturingReceiver receiver;

    @BeforeAll
    static void start() throws Exception {
        receiver = new CapturingReceiver();
        sandbox = TestSandbox.start(p -> p.setWebhookUrl(receiver.url("/integrator")));
    }

    @AfterAll
    static void stop() {
        sandbox.close();
        receiver.close();
    }

    @BeforeEach
    void reset() {
        sandbox.reset();
        receiver.clear();
    }

    static JsonNode checkoutStatus(String reference) {
        Answer answer = sandbox.get(CHECKOUT + "/status/" + reference);
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        return answer.data();
    }

    static void awaitCheckout(String reference, String status) {
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(checkoutStatus(reference).get("status").asText()).isEqualTo(status));
    }

    static JsonNode cardStatus(String reference) {
        Answer answer = sandbox.get(CARD + "/" + reference);
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        return answer.data();
    }

    static void awaitCard(String reference, String status) {
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(cardStatus(reference).get("status").asText()).isEqualTo(status));
    }

    /** The signed deposit events delivered about {@code reference}, each verified against §19.2. */
    static List<JsonNode> events(String reference) throws Exception {
        List<JsonNode> out = new java.util.ArrayList<>();
        for (CapturingReceiver.Received hook : receiver.received("/integrator")) {
            String body = hook.bodyText();
            JsonNode data = TestSandbox.JSON.readTree(body).get("data");
            if (!reference.equals(data.path("reference_id").asText())) {
                continue;
            }
            String canonical = body.substring(0, body.lastIndexOf(",\"signature\":")) + "}";
            assertThat(hook.header("X-Kotani-Signature"))
                    .isEqualTo(WebhookSigner.signature("whsec_sandbox_local", canonical));
            assertThat(hook.header("X-Kotani-Event")).isEqualTo("transaction.deposit.status.updated");
            out.add(data);
        }
        return out;
    }

    @Test
    void kesPesaLinkCheckoutGivesBankPaymentDetailsAndSucceeds() throws Exception {
        Answer created = sandbox.post(CHECKOUT, json("{'fullName':'Jane Doe','paymentMethod':'PAYBYBANK',"
                + "'currency':'KES','amount':1000,'phoneNumber':'+254711000222','referenceId':'CHK-KES-1'}"));
        assertThat(created.status()).as(created.text()).isEqualTo(200);
        assertThat(created.body().get("message").asText()).isEqualTo("Checkout Created successfully created.");
        JsonNode data = created.data();
        assertThat(data.get("referenceId").asText()).isEqualTo("CHK-KES-1");
        assertThat(data.get("redirectUrl").asText()).isEmpty();
        JsonNode bank = data.get("bankPaymentDetails");
        assertThat(bank.get("bankName").asText()).isNotBlank();
        assertThat(bank.get("accountName").asText()).isNotBlank();
        assertThat(bank.get("accountNumber").asText()).isNotBlank();
        assertThat(bank.get("amount").decimalValue()).isEqualByComparingTo("1015");
        assertThat(bank.get("reference").asText()).isEqualTo("KP" + data.get("referenceNumber").asLong());
        assertThat(data.get("status").asText()).isEqualTo("PENDING");

        awaitCheckout("CHK-KES-1", "SUCCESSFUL");
        assertThat(checkoutStatus("CHK-KES-1").get("bankPaymentDetails")).isEqualTo(bank);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(events("CHK-KES-1"))
                .extracting(e -> e.get("status").asText()).contains("SUCCESSFUL"));
        JsonNode success = events("CHK-KES-1").stream().filter(e -> e.get("status").asText().equals("SUCCESSFUL"))
                .findFirst().orElseThrow();
        assertThat(success.get("bank_name").asText()).isEqualTo(bank.get("bankName").asText());
        assertThat(success.get("transaction_cost").decimalValue()).isEqualByComparingTo("15");

        Answer duplicate = sandbox.post(CHECKOUT, json("{'fullName':'Jane Doe','paymentMethod':'PAYBYBANK',"
                + "'currency':'KES','amount':1000,'referenceId':'CHK-KES-1'}"));
        assertThat(duplicate.status()).isEqualTo(400);
        assertThat(duplicate.body().get("message").asText()).isEqualTo("Reference already used");
        Answer wrongMethod = sandbox.post(CHECKOUT, json("{'fullName':'Jane Doe','paymentMethod':'CARD',"
                + "'currency':'KES','amount':1000}"));
        assertThat(wrongMethod.status()).isEqualTo(400);
        assertThat(wrongMethod.body().get("message").asText()).contains("use PAYBYBANK");
        Answer invalid = sandbox.post(CHECKOUT, json("{'paymentMethod':'CASH','amount':-1}"));
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.data().get("errors")).extracting(JsonNode::asText).contains(
                "fullName should not be empty", "currency should not be empty", "amount must be a positive number",
                "paymentMethod must be one of the following values: PAYBYBANK, CARD, CAPITECPAY");
    }

    @Test
    void ngnVirtualAccountCheckoutGivesExpiryAndTheAmountCentsDriveFailureCancelAndExpiry() {
        Answer created = sandbox.post(CHECKOUT, json("{'fullName':'Ada Obi','paymentMethod':'PAYBYBANK',"
                + "'currency':'NGN','amount':5000,'referenceId':'CHK-NGN-1'}"));
        assertThat(created.status()).as(created.text()).isEqualTo(200);
        JsonNode bank = created.data().get("bankPaymentDetails");
        assertThat(bank.get("accountNumber").asText()).matches("\\d{10}");
        assertThat(bank.get("expiresInMinutes").asInt()).isEqualTo(30);
        assertThat(bank.has("reference")).isFalse();
        awaitCheckout("CHK-NGN-1", "SUCCESSFUL");

        for (String[] c : new String[][] {{"5000.51", "FAILED"}, {"5000.52", "CANCELLED"}, {"5000.53", "EXPIRED"}}) {
            String reference = "CHK-NGN-" + c[1];
            assertThat(sandbox.post(CHECKOUT, json("{'fullName':'Ada Obi','paymentMethod':'PAYBYBANK',"
                    + "'currency':'NGN','amount':" + c[0] + ",'referenceId':'" + reference + "'}")).status())
                    .isEqualTo(200);
            awaitCheckout(reference, c[1]);
        }
        assertThat(sandbox.post(CHECKOUT, json("{'fullName':'Ada Obi','paymentMethod':'PAYBYBANK',"
                + "'currency':'NGN','amount':10.54,'referenceId':'CHK-NGN-WAIT'}")).status()).isEqualTo(200);
        await().pollDelay(Duration.ofMillis(400)).atMost(Duration.ofSeconds(2)).untilAsserted(() ->
                assertThat(checkoutStatus("CHK-NGN-WAIT").get("status").asText()).isEqualTo("INITIATED"));
    }

    @Test
    void zarCheckoutGivesAHostedPageAndCapitecPayNeedsAnId() throws Exception {
        Answer created = sandbox.post(CHECKOUT, json("{'fullName':'Thabo M','paymentMethod':'CAPITECPAY',"
                + "'currency':'ZAR','amount':250,'idNumber':'8001015009087','referenceId':'CHK-ZAR-1'}"));
        assertThat(created.status()).as(created.text()).isEqualTo(200);
        String url = created.data().get("redirectUrl").asText();
        assertThat(url).startsWith(sandbox.base() + "/checkout/");
        assertThat(created.data().get("bankPaymentDetails").isNull()).isTrue();
        HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("CHK-ZAR-1");
        awaitCheckout("CHK-ZAR-1", "SUCCESSFUL");
        Answer noId = sandbox.post(CHECKOUT, json("{'fullName':'Thabo M','paymentMethod':'CAPITECPAY',"
                + "'currency':'ZAR','amount':250}"));
        assertThat(noId.status()).isEqualTo(400);
        assertThat(noId.body().get("message").asText()).contains("idNumber");
        assertThat(sandbox.post(CHECKOUT, json("{'fullName':'X','paymentMethod':'PAYBYBANK','currency':'UGX',"
                + "'amount':250}")).status()).isEqualTo(400);
    }

    static String card(String reference, String number, String brand) {
        return json("{'fullName':'Thabo M','phoneNumber':'+27711000333','currency':'ZAR','amount':300,"
                + "'country':'ZA','referenceId':'" + reference + "','card':{'number':'" + number + "',"
                + "'holder':'THABO M','expiryMonth':'12','expiryYear':'2099','cvv':'123','paymentBrand':'" + brand
                + "'}}");
    }

    @Test
    void aCardDepositWithoutThreeDSecureSettlesAndADeclinedCardFails() throws Exception {
        Answer created = sandbox.post(CARD, card("CARD-OK", "4242424242424242", "VISA"));
        assertThat(created.status()).as(created.text()).isEqualTo(200);
        assertThat(created.body().get("message").asText()).isEqualTo("Checkout Created successfully created.");
        assertThat(created.data().get("reference_id").asText()).isEqualTo("CARD-OK");
        assertThat(created.data().get("redirect_url").asText()).isEmpty();
        awaitCard("CARD-OK", "SUCCESSFUL");
        JsonNode status = cardStatus("CARD-OK");
        assertThat(status.get("referenceId").asText()).isEqualTo("CARD-OK");
        assertThat(status.get("transactionCost").decimalValue()).isEqualByComparingTo("4.5");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(events("CARD-OK"))
                .extracting(e -> e.get("status").asText()).contains("SUCCESSFUL"));
        assertThat(events("CARD-OK").get(0).get("payment_brand").asText()).isEqualTo("VISA");

        assertThat(sandbox.post(CARD, card("CARD-DECLINED", "4000000000000002", "MASTER")).status()).isEqualTo(200);
        awaitCard("CARD-DECLINED", "FAILED");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(events("CARD-DECLINED"))
                .extracting(e -> e.path("error_code").asText()).contains("CARD_DECLINED"));

        Answer kes = sandbox.post(CARD, card("CARD-KES", "4242424242424242", "VISA").replace("ZAR", "KES"));
        assertThat(kes.status()).isEqualTo(400);
        assertThat(kes.body().get("message").asText()).contains("ZAR");
        Answer invalid = sandbox.post(CARD, json("{'fullName':'T','phoneNumber':'+27711000333','currency':'ZAR',"
                + "'amount':300,'card':{'number':'12ab','holder':'T','expiryMonth':'13','expiryYear':'2099',"
                + "'cvv':'1','paymentBrand':'AMEX'}}"));
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.data().get("errors")).extracting(JsonNode::asText).contains(
                "card.number must be a valid card number", "card.expiryMonth must be MM (01-12)",
                "card.cvv must be 3 or 4 digits", "card.paymentBrand must be one of the following values: VISA, MASTER");
    }

    @Test
    void aThreeDSecureCardWaitsForTheChallengeAtItsRedirectUrl() throws Exception {
        Answer created = sandbox.post(CARD, card("CARD-3DS", "4000000000003220", "VISA"));
        assertThat(created.status()).as(created.text()).isEqualTo(200);
        String redirect = created.data().get("redirect_url").asText();
        assertThat(redirect).startsWith(sandbox.base() + "/checkout/3ds/");
        Thread.sleep(400);
        assertThat(cardStatus("CARD-3DS").get("status").asText()).isEqualTo("PENDING");
        HttpClient browser = HttpClient.newHttpClient();
        HttpResponse<String> page = browser.send(HttpRequest.newBuilder(URI.create(redirect)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        awaitCard("CARD-3DS", "SUCCESSFUL");
        assertThat(browser.send(HttpRequest.newBuilder(URI.create(redirect)).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(409);

        Answer failing = sandbox.post(CARD, card("CARD-3DS-FAIL", "4000000000003220", "VISA"));
        browser.send(HttpRequest.newBuilder(URI.create(failing.data().get("redirect_url").asText() + "?result=fail"))
                .build(), HttpResponse.BodyHandlers.ofString());
        awaitCard("CARD-3DS-FAIL", "FAILED");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(events("CARD-3DS-FAIL"))
                .extracting(e -> e.path("error_code").asText()).contains("3DS_AUTHENTICATION_FAILED"));
    }
}

package io.kotanihub.sandbox.links;

import static io.kotanihub.sandbox.ramps.TestSandbox.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
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
 * Payment links (§14) over real HTTP: each pricing and usage kind, the hosted page's public calls paying with §21's
 * phones, §20.5 statuses, signed deposit webhooks carrying the link, usage limits, expiry and deactivation.
 */
class PaymentLinksTest {

    static final String LINKS = "/api/v3/dashboard/payment-links";
    static final String SECRET = "whsec_sandbox_local";
    static final String OK_PHONE = "+254700000001";
    static final String FAIL_PHONE = "+254700000010";
    static final String CANCEL_PHONE = "+254700000013";
    static final String PENDING_PHONE = "+254700000020";

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

    static JsonNode create(String body) {
        Answer created = sandbox.post(LINKS, json(body));
        assertThat(created.status()).as(created.text()).isEqualTo(200);
        assertThat(created.body().get("success").asBoolean()).isTrue();
        return created.data();
    }

    static Answer pay(String shortCode, String body) {
        return sandbox.postWithoutKey("/payment-links/" + shortCode + "/pay", json(body));
    }

    static String payOk(String shortCode, String body) {
        Answer paid = pay(shortCode, body);
        assertThat(paid.status()).as(paid.text()).isEqualTo(200);
        return paid.data().get("referenceId").asText();
    }

    static JsonNode payment(String reference) {
        Answer answer = sandbox.get(LINKS + "/transactions/reference/" + reference);
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        return answer.data();
    }

    static void awaitStatus(String reference, String status) {
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(payment(reference).get("status").asText()).isEqualTo(status));
    }

    @Test
    void eachPricingAndUsageKindIsCreatedAndInvalidConfigurationsAreRefusedLikeKotani() {
        JsonNode fixed = create("{'name':'INV-1','currency':'KES','pricingType':'FIXED','amount':1500,"
                + "'usageType':'SINGLE_USE','referenceId':'INV-1','callbackUrl':'https://erp.example/hook',"
                + "'customerFields':{'name':'REQUIRED','email':'OPTIONAL','phone':'REQUIRED'},"
                + "'metadata':{'invoice':'INV-1'}}");
        assertThat(fixed.get("id").asText()).matches("[0-9a-f]{24}");
        assertThat(fixed.get("url").asText()).isEqualTo("https://pay.kotanipay.com/l/" + fixed.get("shortCode").asText());
        assertThat(fixed.get("status").asText()).isEqualTo("ACTIVE");
        assertThat(fixed.get("amount").decimalValue()).isEqualByComparingTo("1500");
        assertThat(fixed.get("paymentMethods").toString()).isEqualTo("[\"MOBILE_MONEY\"]");
        assertThat(fixed.get("remainingUses").asInt()).isEqualTo(1);
        assertThat(fixed.get("metadata").get("invoice").asText()).isEqualTo("INV-1");

        JsonNode variable = create("{'name':'Tip','currency':'UGX','pricingType':'VARIABLE','minAmount':1000,"
                + "'maxAmount':50000,'usageType':'UNLIMITED'}");
        assertThat(variable.get("maxUses").isNull()).isTrue();
        assertThat(variable.get("remainingUses").isNull()).isTrue();
        JsonNode choice = create("{'name':'Donate','currency':'KES','pricingType':'CUSTOMER_CHOICE',"
                + "'linkType':'DONATION','usageType':'MULTIPLE_USE','maxUses':10,"
                + "'expiresAt':'" + Instant.now().plusSeconds(3600) + "'}");
        assertThat(choice.get("maxUses").asInt()).isEqualTo(10);
        assertThat(choice.get("expiresAt").asText()).isNotEmpty();
        JsonNode floor = create("{'name':'Floor','currency':'KES','pricingType':'CUSTOMER_CHOICE','minAmount':100,"
                + "'usageType':'UNLIMITED','expiresAt':'2099-12-31'}");
        assertThat(floor.get("expiresAt").asText()).isEqualTo("2100-01-01T00:00:00.000Z");
        assertThat(pay(floor.get("shortCode").asText(), "{'phoneNumber':'" + OK_PHONE
                + "','paymentMethod':'MOBILE_MONEY','amount':50}").data().get("errors").toString())
                .contains("amount must not be less than 100");
        assertThat(pay(variable.get("shortCode").asText(), "{'phoneNumber':'+256700000001',"
                + "'paymentMethod':'MOBILE_MONEY','amount':60000}").data().get("errors").toString())
                .contains("amount must be between 1000 and 50000");
        assertThat(pay(variable.get("shortCode").asText(), "{'phoneNumber':'+256700000001',"
                + "'paymentMethod':'MOBILE_MONEY'}").data().get("errors").toString())
                .contains("amount must be a positive number");
        JsonNode pkg = create("{'name':'Plans','currency':'KES','pricingType':'PACKAGE','usageType':'UNLIMITED',"
                + "'packages':[{'name':'Basic','amount':500},{'id':'gold','name':'Gold','amount':2000}]}");
        assertThat(pkg.get("packages").get(0).get("id").asText()).isEqualTo("pkg_1");
        assertThat(pkg.get("packages").get(1).get("amount").decimalValue()).isEqualByComparingTo("2000");

        Answer invalid = sandbox.post(LINKS, json("{'currency':'KES','pricingType':'VARIABLE','minAmount':500,"
                + "'maxAmount':100,'usageType':'MULTIPLE_USE','paymentMethods':['PAYPAL'],"
                + "'expiresAt':'2020-01-01T00:00:00Z','callbackUrl':'not a url'}"));
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.body().get("error_code").asInt()).isEqualTo(400);
        assertThat(invalid.body().get("message").asText()).startsWith("Validation failed: name should not be empty");
        assertThat(invalid.data().get("errors")).extracting(JsonNode::asText).contains(
                "minAmount must not be greater than maxAmount", "maxUses must be a positive integer",
                "expiresAt must be a future date", "callbackUrl must be a URL address",
                "each value in paymentMethods must be one of the following values: MOBILE_MONEY, BANK, CARD, CRYPTO");
        assertThat(sandbox.post(LINKS, json("{'name':'x','currency':'KES','pricingType':'FIXED'}")).data()
                .get("errors").toString()).contains("amount must be a positive number");
        assertThat(sandbox.post(LINKS, json("{'name':'x','currency':'KES','amount':1,'referenceId':'INV-1'}"))
                .body().get("message").asText()).isEqualTo("Reference already used");
        assertThat(sandbox.getWithoutKey(LINKS).status()).isEqualTo(401);

        Answer list = sandbox.get(LINKS + "?per_page=3");
        assertThat(list.body().get("meta").get("total").asInt()).isEqualTo(5);
        assertThat(list.data()).hasSize(3);
        assertThat(list.data().get(0).get("id").asText()).isEqualTo(pkg.get("id").asText());
        assertThat(sandbox.get(LINKS + "/" + fixed.get("id").asText()).data().get("referenceId").asText())
                .isEqualTo("INV-1");
        assertThat(sandbox.get(LINKS + "/" + fixed.get("shortCode").asText()).status()).isEqualTo(404);
        assertThat(sandbox.get("/api/v3/payment-links").status()).isEqualTo(404);

        Answer details = sandbox.getWithoutKey("/payment-links/" + pkg.get("shortCode").asText() + "/details");
        assertThat(details.status()).isEqualTo(200);
        assertThat(details.data().get("pricingType").asText()).isEqualTo("PACKAGE");
        assertThat(details.data().has("callbackUrl")).isFalse();
    }

    @Test
    void theHostedPagePaysWithTheSuccessFailureAndCancelPhonesAndEachPaymentIsASignedDepositWebhookWithTheLink()
            throws Exception {
        String callback = receiver.url("/link-callback");
        JsonNode link = create("{'name':'Shop','currency':'KES','pricingType':'CUSTOMER_CHOICE',"
                + "'usageType':'UNLIMITED','referenceId':'SHOP-1','callbackUrl':'" + callback + "'}");
        String code = link.get("shortCode").asText();
        Answer first = pay(code, "{'phoneNumber':'" + OK_PHONE + "','paymentMethod':'MOBILE_MONEY',"
                + "'network':'MPESA','amount':1000}");
        assertThat(first.status()).as(first.text()).isEqualTo(200);
        // not final yet: pending, or processing once the sandbox's first step (20 ms) has passed
        assertThat(first.data().get("status").asText()).isIn("pending", "processing");
        String ok = first.data().get("referenceId").asText();
        String failed = payOk(code, "{'phoneNumber':'" + FAIL_PHONE + "','paymentMethod':'MOBILE_MONEY',"
                + "'network':'MPESA','amount':700}");
        String cancelled = payOk(code, "{'phoneNumber':'" + CANCEL_PHONE + "','paymentMethod':'MOBILE_MONEY',"
                + "'network':'MPESA','amount':300}");

        awaitStatus(ok, "successful");
        awaitStatus(failed, "failed");
        awaitStatus(cancelled, "cancelled");
        JsonNode paid = payment(ok);
        assertThat(paid.get("depositStatus").asText()).isEqualTo("SUCCESSFUL");
        assertThat(paid.get("amount").decimalValue()).isEqualByComparingTo("1000");
        assertThat(paid.get("transactionCost").decimalValue()).isEqualByComparingTo("15");
        assertThat(paid.get("paymentLinkId").asText()).isEqualTo(link.get("id").asText());
        assertThat(payment(failed).get("errorMessage").asText()).isEqualTo("Insufficient funds");

        Answer deposit = sandbox.get("/api/v3/deposit/mobile-money/status/" + ok);
        assertThat(deposit.data().get("status").asText()).isEqualTo("SUCCESSFUL");
        assertThat(deposit.data().get("payment_link_id").asText()).isEqualTo(link.get("id").asText());

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(finals(callback)).hasSize(3));
        assertThat(receiver.received("/integrator")).isEmpty();
        for (CapturingReceiver.Received hook : receiver.received("/link-callback")) {
            assertThat(hook.header("X-Kotani-Event")).isEqualTo("transaction.deposit.status.updated");
            String body = hook.bodyText();
            String canonical = body.substring(0, body.lastIndexOf(",\"signature\":")) + "}";
            assertThat(hook.header("X-Kotani-Signature")).isEqualTo(WebhookSigner.signature(SECRET, canonical));
            JsonNode data = TestSandbox.JSON.readTree(body).get("data");
            assertThat(data.get("payment_link_id").asText()).isEqualTo(link.get("id").asText());
            assertThat(data.get("payment_link_short_code").asText()).isEqualTo(code);
            assertThat(data.get("payment_link_reference_id").asText()).isEqualTo("SHOP-1");
            assertThat(data.get("callback_url").asText()).isEqualTo(callback);
        }
        JsonNode success = finals(callback).stream().filter(d -> d.get("reference_id").asText().equals(ok))
                .findFirst().orElseThrow();
        assertThat(success.get("status").asText()).isEqualTo("SUCCESSFUL");
        assertThat(success.get("payment_link_transaction_id").asText()).isEqualTo(paid.get("id").asText());
        assertThat(success.get("transaction_cost").decimalValue()).isEqualByComparingTo("15");

        JsonNode analytics = sandbox.get(LINKS + "/" + link.get("id").asText() + "/analytics").data();
        assertThat(analytics.get("totalTransactions").asInt()).isEqualTo(3);
        assertThat(analytics.get("successfulTransactions").asInt()).isEqualTo(1);
        assertThat(analytics.get("failedTransactions").asInt()).isEqualTo(1);
        assertThat(analytics.get("cancelledTransactions").asInt()).isEqualTo(1);
        assertThat(analytics.get("totalAmount").decimalValue()).isEqualByComparingTo("1000");
    }

    /** The final-status deliveries to {@code url}'s path, by data. */
    static List<JsonNode> finals(String url) throws Exception {
        String path = url.substring(url.indexOf('/', 8));
        List<JsonNode> out = new java.util.ArrayList<>();
        for (CapturingReceiver.Received hook : receiver.received(path)) {
            JsonNode data = TestSandbox.JSON.readTree(hook.bodyText()).get("data");
            if (List.of("SUCCESSFUL", "FAILED", "CANCELLED").contains(data.get("status").asText())) {
                out.add(data);
            }
        }
        return out;
    }

    @Test
    void aMultiUseLinkPaidThreeTimesIsCompleteAndItsListAndAnalyticsAgree() {
        JsonNode link = create("{'name':'Plans','currency':'KES','pricingType':'PACKAGE','usageType':'MULTIPLE_USE',"
                + "'maxUses':3,'packages':[{'name':'Basic','amount':500},{'id':'gold','name':'Gold','amount':2000}]}");
        String code = link.get("shortCode").asText();
        String id = link.get("id").asText();
        assertThat(pay(code, "{'phoneNumber':'" + OK_PHONE + "','paymentMethod':'MOBILE_MONEY','amount':900}")
                .data().get("errors").toString()).contains("amount must match one of the link's packages");
        String a = payOk(code, "{'phoneNumber':'" + OK_PHONE + "','paymentMethod':'MOBILE_MONEY','amount':500}");
        String b = payOk(code, "{'phoneNumber':'+256700000002','paymentMethod':'MOBILE_MONEY','packageId':'gold'}");
        String c = payOk(code, "{'phoneNumber':'+254711222333','paymentMethod':'MOBILE_MONEY','amount':2000}");
        Answer fourth = pay(code, "{'phoneNumber':'" + OK_PHONE + "','paymentMethod':'MOBILE_MONEY','amount':500}");
        assertThat(fourth.status()).isEqualTo(400);
        assertThat(fourth.body().get("message").asText()).isEqualTo(PaymentLinks.USED_UP);
        for (String reference : List.of(a, b, c)) {
            awaitStatus(reference, "successful");
        }
        Answer transactions = sandbox.get(LINKS + "/" + id + "/transactions");
        assertThat(transactions.body().get("meta").get("total").asInt()).isEqualTo(3);
        assertThat(transactions.data()).extracting(t -> t.get("status").asText()).containsOnly("successful");
        assertThat(transactions.data()).extracting(t -> t.get("referenceId").asText()).containsExactly(c, b, a);
        JsonNode analytics = sandbox.get(LINKS + "/" + id + "/analytics").data();
        assertThat(analytics.get("successfulTransactions").asInt()).isEqualTo(3);
        assertThat(analytics.get("totalAmount").decimalValue()).isEqualByComparingTo("4500");
        // KES fees round to whole shillings per payment: 8 (of 500) + 30 + 30
        assertThat(analytics.get("totalFees").decimalValue()).isEqualByComparingTo("68");
        JsonNode listed = sandbox.get(LINKS).data().get(0);
        assertThat(listed.get("usesCount").asInt()).isEqualTo(3);
        assertThat(listed.get("remainingUses").asInt()).isZero();
        assertThat(listed.get("status").asText()).isEqualTo("COMPLETED");
        assertThat(sandbox.get(LINKS + "?status=COMPLETED").body().get("meta").get("total").asInt()).isEqualTo(1);
    }

    @Test
    void aSingleUseLinkTakesOnePaymentAtATimeAndClosesOncePaid() {
        JsonNode link = create("{'name':'INV-9','currency':'KES','amount':250,'usageType':'SINGLE_USE',"
                + "'customerFields':{'name':'REQUIRED'}}");
        String code = link.get("shortCode").asText();
        Answer missingName = pay(code, "{'phoneNumber':'" + FAIL_PHONE + "','paymentMethod':'MOBILE_MONEY'}");
        assertThat(missingName.data().get("errors").toString()).contains("customerName should not be empty");
        assertThat(pay(code, "{'phoneNumber':'" + OK_PHONE + "','paymentMethod':'MOBILE_MONEY','amount':300,"
                + "'customerName':'Jane'}").data().get("errors").toString())
                .contains("amount is fixed at 250 for this payment link");
        String failed = payOk(code, "{'phoneNumber':'" + FAIL_PHONE + "','paymentMethod':'MOBILE_MONEY',"
                + "'customerName':'Jane'}");
        Answer whilePending = pay(code, "{'phoneNumber':'" + OK_PHONE + "','paymentMethod':'MOBILE_MONEY',"
                + "'customerName':'Jane'}");
        assertThat(whilePending.status()).isEqualTo(400);
        awaitStatus(failed, "failed");
        String paid = payOk(code, "{'phoneNumber':'" + OK_PHONE + "','paymentMethod':'MOBILE_MONEY',"
                + "'customerName':'Jane','amount':250}");
        awaitStatus(paid, "successful");
        Answer again = pay(code, "{'phoneNumber':'" + OK_PHONE + "','paymentMethod':'MOBILE_MONEY',"
                + "'customerName':'Jane'}");
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.body().get("message").asText()).isEqualTo(PaymentLinks.USED_UP);
        assertThat(sandbox.get(LINKS + "/" + link.get("id").asText()).data().get("status").asText())
                .isEqualTo("COMPLETED");
        assertThat(sandbox.get(LINKS + "/" + link.get("id").asText() + "/transactions").data()).hasSize(2);
    }

    @Test
    void anExpiredOrDeactivatedLinkRefusesPayment() throws Exception {
        JsonNode expiring = create("{'name':'Soon','currency':'KES','amount':100,'usageType':'UNLIMITED',"
                + "'expiresAt':'" + Instant.now().plusMillis(700) + "'}");
        JsonNode active = create("{'name':'Off','currency':'KES','amount':100,'usageType':'UNLIMITED'}");
        String pending = payOk(active.get("shortCode").asText(),
                "{'phoneNumber':'" + PENDING_PHONE + "','paymentMethod':'MOBILE_MONEY'}");

        Answer deactivated = sandbox.post(LINKS + "/" + active.get("id").asText() + "/deactivate", "{}");
        assertThat(deactivated.status()).isEqualTo(200);
        assertThat(deactivated.data().get("status").asText()).isEqualTo("INACTIVE");
        assertThat(deactivated.data().get("isActive").asBoolean()).isFalse();
        Answer refused = pay(active.get("shortCode").asText(),
                "{'phoneNumber':'" + OK_PHONE + "','paymentMethod':'MOBILE_MONEY'}");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body().get("success").asBoolean()).isFalse();
        assertThat(refused.body().get("message").asText()).isEqualTo(PaymentLinks.INACTIVE);
        awaitStatus(pending, "processing");

        await().atMost(Duration.ofSeconds(3)).until(() -> sandbox.getWithoutKey(
                "/payment-links/" + expiring.get("shortCode").asText() + "/details").data().get("status").asText()
                .equals("EXPIRED"));
        Answer expired = pay(expiring.get("shortCode").asText(),
                "{'phoneNumber':'" + OK_PHONE + "','paymentMethod':'MOBILE_MONEY'}");
        assertThat(expired.status()).isEqualTo(400);
        assertThat(expired.body().get("message").asText()).isEqualTo(PaymentLinks.EXPIRED);
        assertThat(pay("nope1234", "{'phoneNumber':'" + OK_PHONE + "','paymentMethod':'MOBILE_MONEY'}").status())
                .isEqualTo(404);
        assertThat(pay(active.get("shortCode").asText(), "{'phoneNumber':'" + OK_PHONE + "','paymentMethod':'CARD'}")
                .status()).isEqualTo(400);
    }
}

package io.kotanihub.sandbox.ramps;

import static io.kotanihub.sandbox.ramps.TestSandbox.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.kotanihub.sandbox.ramps.TestSandbox.Answer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Onramp (§12.1-12.2) over HTTP: both legs' progression by payer phone (§21), validation, duplicates, rate ids. */
@ExtendWith(SharedSandbox.class)
class OnrampTest {

    static final String EVENT = "transaction.onramp.status.updated";

    static TestSandbox sandbox;

    @BeforeAll
    static void start() {
        sandbox = SharedSandbox.sandbox();
    }

    @BeforeEach
    void reset() {
        sandbox.reset();
        SharedSandbox.webhooks().clear();
    }

    static String onramp(String reference, String phone, String extra) {
        return json("{'mobileMoney':{'phoneNumber':'" + phone + "','accountName':'Jane Doe','providerNetwork':'MPESA'},"
                + "'fiatAmount':1000,'currency':'KES','chain':'CELO','token':'CUSD',"
                + "'receiverAddress':'0x1111111111111111111111111111111111111111','referenceId':'" + reference + "'"
                + extra + "}");
    }

    private static JsonNode status(String reference) {
        Answer answer = sandbox.get("/api/v3/onramp/" + reference);
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body().path("message").asText()).isEqualTo("Onramp status successfully retrieved.");
        return answer.data();
    }

    private static List<String> history(String reference) {
        for (JsonNode txn : sandbox.get("/sandbox/transactions").body().path("transactions")) {
            if (txn.path("reference").asText().equals(reference) && txn.path("family").asText().equals("ONRAMP")) {
                List<String> statuses = new ArrayList<>();
                txn.path("history").forEach(h -> statuses.add(h.path("status").asText()));
                return statuses;
            }
        }
        throw new AssertionError("no onramp " + reference);
    }

    private static int createCalls(String reference) {
        for (JsonNode txn : sandbox.get("/sandbox/transactions").body().path("transactions")) {
            if (txn.path("reference").asText().equals(reference)) {
                return txn.path("createCalls").asInt();
            }
        }
        return 0;
    }

    @Test
    void aPaidOnrampSendsTheTokensAfterTheFiatLegSucceeds() {
        Answer created = sandbox.post("/api/v3/onramp", onramp("on-ok-1", "+254700000001", ""));
        assertThat(created.status()).isEqualTo(200);
        assertThat(created.body().path("message").asText()).isEqualTo("Request has been successfully created");
        JsonNode data = created.data();
        assertThat(data.path("id").asText()).matches("[0-9a-f]{24}");
        assertThat(data.path("referenceId").asText()).isEqualTo("on-ok-1");
        assertThat(data.path("referenceNumber").isNumber()).isTrue();
        assertThat(data.path("customerKey").asText()).startsWith("cust_");
        assertThat(data.path("redirectUrl").asText()).isEmpty();
        assertThat(fieldNames(data)).containsExactly("id", "referenceId", "referenceNumber", "message",
                "customerKey", "redirectUrl");

        JsonNode pending = status("on-ok-1");
        assertThat(fieldNames(pending)).containsExactly("referenceId", "depositStatus", "onchainStatus",
                "transactionHash", "rate", "fiatAmount", "fiatFee", "fiatAmountToSend", "cryptoAmount", "error");

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(status("on-ok-1").path("onchainStatus").asText()).isEqualTo("SUCCESSFUL"));
        JsonNode done = status("on-ok-1");
        assertThat(done.path("depositStatus").asText()).isEqualTo("SUCCESSFUL");
        assertThat(done.path("transactionHash").asText()).matches("0x[0-9a-f]{64}");
        assertThat(done.path("fiatAmount").decimalValue()).isEqualByComparingTo("1000");
        assertThat(done.path("fiatFee").decimalValue()).isEqualByComparingTo("15");
        assertThat(done.path("fiatAmountToSend").decimalValue()).isEqualByComparingTo("1015");
        assertThat(done.path("cryptoAmount").decimalValue()).isEqualByComparingTo("7.722007");
        assertThat(done.path("rate").path("from").asText()).isEqualTo("KES");
        assertThat(done.path("rate").path("to").asText()).isEqualTo("CUSD");
        assertThat(done.path("rate").path("cryptoAmount").decimalValue()).isEqualByComparingTo("7.722007");
        assertThat(done.path("error").isNull()).isTrue();
        assertThat(history("on-ok-1")).containsExactly("PENDING", "IN_PROGRESS", "IN_PROGRESS", "IN_PROGRESS",
                "IN_PROGRESS", "SUCCESSFUL");
        assertThat(sandbox.get("/api/v3/onramp/" + data.path("id").asText()).data().path("referenceId").asText())
                .isEqualTo("on-ok-1");

        WebhookCapture webhooks = SharedSandbox.webhooks();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(webhooks.events(EVENT, "on-ok-1")).hasSize(5));
        List<String> legs = new ArrayList<>();
        webhooks.events(EVENT, "on-ok-1").forEach(r -> legs.add(r.data().path("status").asText() + "/"
                + r.data().path("depositStatus").asText() + "/" + r.data().path("onchainStatus").asText()));
        assertThat(legs).containsExactly("IN_PROGRESS/INITIATED/PENDING", "IN_PROGRESS/IN_PROGRESS/PENDING",
                "IN_PROGRESS/SUCCESSFUL/PENDING", "IN_PROGRESS/SUCCESSFUL/IN_PROGRESS",
                "SUCCESSFUL/SUCCESSFUL/SUCCESSFUL");
        WebhookCapture.Received last = webhooks.events(EVENT, "on-ok-1").get(4);
        assertThat(fieldNames(last.data())).containsExactly("referenceId", "status", "depositStatus",
                "onchainStatus", "chain", "token", "cryptoAmount", "fiatAmount", "fiatFee", "fiatAmountToSend",
                "cryptoAmountReceived", "receiverAddress", "transactionHash", "rate", "error");
        assertThat(last.body()).contains("\"cryptoAmount\":7.722007,\"fiatAmount\":1000,\"fiatFee\":15,"
                + "\"fiatAmountToSend\":1015,\"cryptoAmountReceived\":7.722007,");
        assertThat(last.data().path("transactionHash").asText()).isEqualTo(done.path("transactionHash").asText());
        assertThat(webhooks.events(EVENT, "on-ok-1").get(0).data().path("transactionHash").isNull()).isTrue();
    }

    @ParameterizedTest
    @CsvSource({
            "+254700000010, FAILED, INSUFFICIENT_FUNDS",
            "+256700000011, FAILED, ACCOUNT_NOT_FOUND",
            "+233700000012, FAILED, LIMIT_EXCEEDED",
            "+255700000013, CANCELLED, CANCELLED_BY_CUSTOMER"})
    void aFailedFiatLegCancelsTheChainLeg(String phone, String depositStatus, String code) {
        String reference = "on-fail-" + phone.substring(phone.length() - 2);
        assertThat(sandbox.post("/api/v3/onramp", onramp(reference, phone, "")).status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(status(reference).path("depositStatus").asText()).isEqualTo(depositStatus));
        JsonNode failed = status(reference);
        assertThat(failed.path("onchainStatus").asText()).isEqualTo("CANCELLED");
        assertThat(failed.path("transactionHash").isNull()).isTrue();
        assertThat(failed.path("error").path("code").asText()).isEqualTo(code);
        assertThat(failed.path("error").path("message").asText()).isNotBlank();
        assertThat(failed.path("error").path("details").asText()).contains("1015 KES");
        assertThat(history(reference)).endsWith(depositStatus);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(SharedSandbox.webhooks().events(EVENT, reference)).hasSize(3));
        JsonNode last = SharedSandbox.webhooks().events(EVENT, reference).get(2).data();
        assertThat(last.path("status").asText()).isEqualTo(depositStatus);
        assertThat(last.path("onchainStatus").asText()).isEqualTo("CANCELLED");
        assertThat(last.path("error").path("code").asText()).isEqualTo(code);
    }

    @Test
    void aPayerWhoNeverPaysStaysInitiated() {
        assertThat(sandbox.post("/api/v3/onramp", onramp("on-never", "+254700000020", "")).status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(3)).untilAsserted(() ->
                assertThat(status("on-never").path("depositStatus").asText()).isEqualTo("INITIATED"));
        await().during(Duration.ofMillis(600)).atMost(Duration.ofSeconds(2)).untilAsserted(() -> {
            JsonNode s = status("on-never");
            assertThat(s.path("depositStatus").asText()).isEqualTo("INITIATED");
            assertThat(s.path("onchainStatus").asText()).isEqualTo("PENDING");
        });
    }

    @Test
    void bankCheckoutGivesARedirectUrlAndSettlesByItsPhone() {
        String body = json("{'bankCheckout':{'fullName':'Jane Doe','phoneNumber':'+27700000001',"
                + "'paymentMethod':'CARD'},'fiatAmount':250.50,'currency':'ZAR','chain':'BASE','token':'USDC',"
                + "'receiverAddress':'0x2222222222222222222222222222222222222222','referenceId':'on-bank'}");
        Answer created = sandbox.post("/api/v3/onramp", body);
        assertThat(created.status()).isEqualTo(200);
        assertThat(created.data().path("redirectUrl").asText()).startsWith("https://");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(status("on-bank").path("onchainStatus").asText()).isEqualTo("SUCCESSFUL"));
        JsonNode done = status("on-bank");
        assertThat(done.path("fiatFee").decimalValue()).isEqualByComparingTo("3.76");
        assertThat(done.path("fiatAmountToSend").decimalValue()).isEqualByComparingTo("254.26");
        assertThat(done.path("cryptoAmount").decimalValue()).isEqualByComparingTo("13.726027");
    }

    @Test
    void validationListsEveryProblem() {
        Answer empty = sandbox.post("/api/v3/onramp", "{}");
        assertThat(empty.status()).isEqualTo(400);
        assertThat(errors(empty)).containsExactly(
                "exactly one of mobileMoney or bankCheckout must be given",
                "fiatAmount must be a positive number",
                "currency should not be empty",
                "chain must be one of the following values: " + String.join(", ", RateTable.CHAINS),
                "token must be one of the following values: " + String.join(", ", RateTable.TOKENS),
                "receiverAddress should not be empty",
                "referenceId should not be empty");
        assertThat(empty.body().path("success").asBoolean()).isFalse();
        assertThat(empty.body().path("error_code").asInt()).isEqualTo(400);
        assertThat(empty.body().path("message").asText())
                .isEqualTo("Validation failed: " + String.join(", ", errors(empty)));

        Answer partial = sandbox.post("/api/v3/onramp", json("{'mobileMoney':{'phoneNumber':'+254700000001'},"
                + "'bankCheckout':{'fullName':'X','phoneNumber':'+254700000001','paymentMethod':'CASH'},"
                + "'fiatAmount':10.5,'currency':'KES','chain':'CELO','token':'CUSD','receiverAddress':'0x1',"
                + "'referenceId':'r','callbackUrl':'not a url'}"));
        assertThat(errors(partial)).containsExactly(
                "exactly one of mobileMoney or bankCheckout must be given",
                "mobileMoney.accountName should not be empty",
                "mobileMoney.providerNetwork must be one of the following values: "
                        + String.join(", ", RampRules.NETWORKS),
                "bankCheckout.paymentMethod must be one of the following values: CARD, PAYBYBANK",
                "fiatAmount must have at most 0 decimal places for KES",
                "callbackUrl must be a URL address");
        assertThat(createCalls("r")).isZero();
    }

    @Test
    void aBadReceiverAddressOrAnUnpricedTokenIsRefused() {
        Answer address = sandbox.post("/api/v3/onramp", onramp("on-addr", "+254700000001", "")
                .replace("0x1111111111111111111111111111111111111111", "0x12345"));
        assertThat(address.status()).isEqualTo(400);
        assertThat(address.body().path("message").asText()).isEqualTo("Invalid crypto address");
        Answer hbar = sandbox.post("/api/v3/onramp", onramp("on-hbar", "+254700000001", "")
                .replace("\"CUSD\"", "\"HBAR\""));
        assertThat(hbar.status()).isEqualTo(400);
        assertThat(hbar.body().path("message").asText()).isEqualTo("Exchange rate not found");
        assertThat(sandbox.get("/sandbox/transactions").body().path("count").asInt()).isZero();
    }

    @Test
    void aReusedReferenceIsRefusedAndCreatesNothing() {
        assertThat(sandbox.post("/api/v3/onramp", onramp("on-dup", "+254700000001", "")).status()).isEqualTo(200);
        Answer again = sandbox.post("/api/v3/onramp", onramp("on-dup", "+254700000010", ""));
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.body().path("message").asText()).isEqualTo("Duplicate referenceId");
        assertThat(createCalls("on-dup")).isEqualTo(2);
        assertThat(sandbox.get("/sandbox/transactions").body().path("count").asInt()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(status("on-dup").path("onchainStatus").asText()).isEqualTo("SUCCESSFUL"));
    }

    @Test
    void aRateIdLocksTheQuoteForItsPairUntilItExpires() {
        Duration validity = sandbox.properties().getRateValidity();
        sandbox.properties().setRateValidity(Duration.ofSeconds(1));
        try {
            rateIdLocksTheQuote();
        } finally {
            sandbox.properties().setRateValidity(validity);
        }
    }

    private void rateIdLocksTheQuote() {
        String rateId = sandbox.post("/api/v3/rate/onramp", json("{'from':'KES','to':'CUSD','fiatAmount':1000}"))
                .data().path("id").asText();
        Answer created = sandbox.post("/api/v3/onramp",
                onramp("on-rate", "+254700000001", ",'rateId':'" + rateId + "'"));
        assertThat(created.status()).isEqualTo(200);

        String otherPair = sandbox.post("/api/v3/rate/onramp", json("{'from':'GHS','to':'CUSD','fiatAmount':10}"))
                .data().path("id").asText();
        Answer mismatch = sandbox.post("/api/v3/onramp",
                onramp("on-rate-2", "+254700000001", ",'rateId':'" + otherPair + "'"));
        assertThat(mismatch.status()).isEqualTo(400);
        assertThat(mismatch.body().path("message").asText()).contains("GHS/CUSD");

        Answer unknown = sandbox.post("/api/v3/onramp",
                onramp("on-rate-3", "+254700000001", ",'rateId':'000000000000000000000000'"));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.body().path("message").asText()).isEqualTo("Rate expired. Rates are valid for 1 seconds.");

        // a reused reference answers "Duplicate referenceId" while the rate is live, so polling with it creates nothing
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(sandbox.post("/api/v3/onramp",
                        onramp("on-rate", "+254700000001", ",'rateId':'" + rateId + "'")).body().path("message").asText())
                .isEqualTo("Rate expired. Rates are valid for 1 seconds."));
        assertThat(sandbox.get("/sandbox/transactions").body().path("count").asInt()).isEqualTo(1);
    }

    @Test
    void unknownReferencesAndMissingKeysAreRefused() {
        Answer missing = sandbox.get("/api/v3/onramp/nope");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.body().path("message").asText()).isEqualTo("Not Found");
        assertThat(sandbox.postWithoutKey("/api/v3/onramp", onramp("x", "+254700000001", "")).status())
                .isEqualTo(401);
        assertThat(sandbox.getWithoutKey("/api/v3/onramp/x").status()).isEqualTo(401);
    }

    @Test
    void aCryptoOnrampSendsFromTheIntegratorsWalletWithTheFeeOnTop() {
        String body = json("{'receiverAddress':'0x5555555555555555555555555555555555555555','chain':'POLYGON',"
                + "'token':'USDC','cryptoAmount':12.5,'referenceId':'onc-1'}");
        Answer created = sandbox.post("/api/v3/onramp/crypto", body);
        assertThat(created.status()).as(created.text()).isEqualTo(200);
        assertThat(created.body().path("message").asText()).isEqualTo("Request has been successfully created");
        JsonNode data = created.data();
        assertThat(fieldNames(data)).containsExactly("referenceId", "status", "cryptoAmount", "cryptoAmountReceived",
                "feeInCrypto", "feeType", "cryptoWallet", "chain", "token", "amountToSend", "transactionHash");
        assertThat(data.path("status").asText()).isEqualTo("PENDING");
        assertThat(data.path("feeInCrypto").decimalValue()).isEqualByComparingTo("0.125");
        assertThat(data.path("amountToSend").decimalValue()).isEqualByComparingTo("12.625");
        assertThat(data.path("cryptoWallet").asText()).matches("0x[0-9a-f]{40}");

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(
                sandbox.get("/api/v3/onramp/crypto/onc-1").data().path("status").asText()).isEqualTo("SUCCESSFUL"));
        Answer done = sandbox.get("/api/v3/onramp/crypto/onc-1");
        assertThat(done.body().path("message").asText()).isEqualTo("Onramp crypto status successfully retrieved.");
        assertThat(done.data().path("cryptoAmountReceived").decimalValue()).isEqualByComparingTo("12.5");
        assertThat(done.data().path("transactionHash").asText()).matches("0x[0-9a-f]{64}");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(
                SharedSandbox.webhooks().statuses(EVENT, "onc-1")).containsExactly("IN_PROGRESS", "SUCCESSFUL"));

        assertThat(sandbox.get("/api/v3/onramp/onc-1").status()).isEqualTo(404);
        assertThat(sandbox.post("/api/v3/onramp/crypto", body).body().path("message").asText())
                .isEqualTo("Duplicate referenceId");
        sandbox.post("/api/v3/onramp/crypto", body.replace("0x5555555555555555555555555555555555555555",
                "0x000000000000000000000000000000000000dead").replace("onc-1", "onc-2"));
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(
                sandbox.get("/api/v3/onramp/crypto/onc-2").data().path("status").asText()).isEqualTo("FAILED"));
        assertThat(errors(sandbox.post("/api/v3/onramp/crypto", "{'cryptoAmount':0}".replace('\'', '"'))))
                .containsExactly("receiverAddress should not be empty",
                        "chain must be one of the following values: " + String.join(", ", RateTable.CHAINS),
                        "token must be one of the following values: " + String.join(", ", RateTable.TOKENS),
                        "cryptoAmount must be a positive number", "referenceId should not be empty");
    }

    static List<String> errors(Answer answer) {
        List<String> errors = new ArrayList<>();
        answer.body().path("data").path("errors").forEach(e -> errors.add(e.asText()));
        return errors;
    }

    static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}

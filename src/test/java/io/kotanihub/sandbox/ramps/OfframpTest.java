package io.kotanihub.sandbox.ramps;

import static io.kotanihub.sandbox.ramps.OnrampTest.errors;
import static io.kotanihub.sandbox.ramps.OnrampTest.fieldNames;
import static io.kotanihub.sandbox.ramps.TestSandbox.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.kotanihub.sandbox.ramps.TestSandbox.Answer;
import io.kotanihub.sandbox.ramps.WebhookCapture.Received;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Offramp (§13) over HTTP: the lifecycle by receiver, cancel, the refund paths (automatic, failing then retried,
 * Lightning with and without an invoice) and the §19.4 webhooks, captured by a local HTTP server.
 */
@ExtendWith(SharedSandbox.class)
class OfframpTest {

    static final String SENDER = "0x3333333333333333333333333333333333333333";
    static final String BURN = "0x000000000000000000000000000000000000dEaD";
    static final String STATUS = "transaction.offramp.status.updated";

    static WebhookCapture webhooks;
    static TestSandbox sandbox;

    @BeforeAll
    static void start() {
        webhooks = SharedSandbox.webhooks();
        sandbox = SharedSandbox.sandbox();
    }

    @BeforeEach
    void reset() {
        sandbox.reset();
        webhooks.clear();
    }

    static String offramp(String reference, String phone, String amount, String extra) {
        return json("{'mobileMoneyReceiver':{'phoneNumber':'" + phone + "','accountName':'Jane Doe',"
                + "'networkProvider':'MPESA'},'cryptoAmount':" + amount + ",'currency':'KES','chain':'CELO',"
                + "'token':'USDT','referenceId':'" + reference + "','senderAddress':'" + SENDER + "'" + extra + "}");
    }

    static String lightning(String reference, String phone, String extra) {
        return json("{'mobileMoneyReceiver':{'phoneNumber':'" + phone + "','accountName':'Jane Doe',"
                + "'networkProvider':'MPESA'},'cryptoAmount':50000,'currency':'KES','chain':'LIGHTNING',"
                + "'token':'SAT','referenceId':'" + reference + "'" + extra + "}");
    }

    private static JsonNode status(String reference) {
        Answer answer = sandbox.get("/api/v3/offramp/" + reference);
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body().path("message").asText()).isEqualTo("Offramp status retrieved");
        return answer.data();
    }

    private static void awaitStatus(String reference, String expected) {
        await().atMost(Duration.ofSeconds(8)).untilAsserted(() ->
                assertThat(status(reference).path("status").asText()).isEqualTo(expected));
    }

    private static JsonNode refund(String reference) {
        Answer answer = sandbox.get("/api/v3/offramp/refund-status/" + reference);
        assertThat(answer.status()).isEqualTo(200);
        return answer.data();
    }

    private static void awaitEvents(String event, String reference, int count) {
        await().atMost(Duration.ofSeconds(8)).untilAsserted(() ->
                assertThat(webhooks.events(event, reference)).hasSize(count));
    }

    @Test
    void aPaidOfframpPaysTheReceiverAndReportsEachStep() {
        Answer created = sandbox.post("/api/v3/offramp", offramp("off-ok", "+254700000001", "100", ""));
        assertThat(created.status()).isEqualTo(200);
        assertThat(created.body().path("message").asText()).isEqualTo("Offramp has been successfully created");
        JsonNode data = created.data();
        assertThat(fieldNames(data)).containsExactly("referenceId", "fiatAmount", "fiatTransactionAmount",
                "cryptoAmount", "fiatCurrency", "customerKey", "fiatWalletId", "senderAddress", "transactionHash",
                "transactionHashAmount", "status", "onchainStatus", "rate", "escrowAddress", "usingIntegratedWallet",
                "created_at", "updated_at", "onchainError", "transactionError");
        assertThat(data.path("status").asText()).isEqualTo("PENDING");
        assertThat(data.path("onchainStatus").asText()).isEqualTo("PENDING");
        assertThat(data.path("fiatAmount").decimalValue()).isEqualByComparingTo("12950");
        assertThat(data.path("fiatTransactionAmount").decimalValue()).isEqualByComparingTo("12756");
        assertThat(data.path("cryptoAmount").decimalValue()).isEqualByComparingTo("100");
        assertThat(data.path("fiatCurrency").asText()).isEqualTo("KES");
        assertThat(data.path("escrowAddress").asText()).matches("0x[0-9a-f]{40}");
        assertThat(data.path("senderAddress").asText()).isEqualTo(SENDER);
        assertThat(data.path("usingIntegratedWallet").asBoolean()).isFalse();
        assertThat(data.path("rate").path("fiatAmount").decimalValue()).isEqualByComparingTo("12950");
        assertThat(data.path("created_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        assertThat(data.path("fiatWalletId").asText()).isNotBlank();
        String customerKey = data.path("customerKey").asText();
        assertThat(sandbox.get("/api/v3/customer/mobile-money/" + customerKey).data().path("phone_number").asText())
                .isEqualTo("+254700000001");

        awaitStatus("off-ok", "SUCCESSFUL");
        JsonNode done = status("off-ok");
        assertThat(done.path("onchainStatus").asText()).isEqualTo("SUCCESSFUL");
        assertThat(done.path("transactionHash").asText()).matches("0x[0-9a-f]{64}");
        assertThat(done.path("transactionHashAmount").decimalValue()).isEqualByComparingTo("100");
        assertThat(done.path("transactionError").isNull()).isTrue();

        awaitEvents(STATUS, "off-ok", 3);
        assertThat(webhooks.statuses(STATUS, "off-ok")).containsExactly("CRYPTO_RECEIVED", "PROCESSING", "SUCCESSFUL");
        Received last = webhooks.events(STATUS, "off-ok").get(2);
        assertThat(last.header()).isEqualTo(STATUS);
        assertThat(fieldNames(last.data())).containsExactly("referenceId", "status", "onchainStatus", "fiatAmount",
                "fiatTransactionAmount", "cryptoAmount", "fiatCurrency", "customerKey", "senderAddress",
                "escrowAddress", "fiatWalletId", "transactionHash", "transactionHashAmount", "rate",
                "usingIntegratedWallet", "created_at", "updated_at", "onchainError", "transactionError");
        assertThat(last.body()).contains("\"fiatAmount\":12950,\"fiatTransactionAmount\":12756,\"cryptoAmount\":100,");
        assertThat(refund("off-ok").path("refundStatus").isNull()).isTrue();
    }

    @Test
    void withoutASenderAddressTheIntegratorsWalletIsUsed() {
        String body = offramp("off-int", "+254700000001", "5", "").replace(",\"senderAddress\":\"" + SENDER + "\"", "");
        JsonNode data = sandbox.post("/api/v3/offramp", body).data();
        assertThat(data.path("usingIntegratedWallet").asBoolean()).isTrue();
        assertThat(data.path("senderAddress").asText()).matches("0x[0-9a-f]{40}");
        awaitStatus("off-int", "SUCCESSFUL");
    }

    @Test
    void onlyAPendingOfframpCanBeCancelled() {
        assertThat(sandbox.post("/api/v3/offramp", offramp("off-wait", "+254700000001", "10.88", "")).status())
                .isEqualTo(200);
        await().during(Duration.ofMillis(400)).atMost(Duration.ofSeconds(2)).untilAsserted(() ->
                assertThat(status("off-wait").path("status").asText()).isEqualTo("PENDING"));
        Answer cancelled = sandbox.get("/api/v3/offramp/cancel/off-wait");
        assertThat(cancelled.status()).isEqualTo(200);
        assertThat(cancelled.body().path("message").asText()).isEqualTo("Offramp has been successfully cancelled");
        assertThat(cancelled.data().path("status").asText()).isEqualTo("CANCELLED");
        assertThat(status("off-wait").path("status").asText()).isEqualTo("CANCELLED");
        awaitEvents(STATUS, "off-wait", 1);
        assertThat(webhooks.statuses(STATUS, "off-wait")).containsExactly("CANCELLED");
        Answer again = sandbox.get("/api/v3/offramp/cancel/off-wait");
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.body().path("message").asText()).contains("only PENDING offramps can be cancelled");

        sandbox.post("/api/v3/offramp", offramp("off-paid", "+254700000001", "10", ""));
        await().atMost(Duration.ofSeconds(5)).until(() -> !status("off-paid").path("status").asText().equals("PENDING"));
        assertThat(sandbox.get("/api/v3/offramp/cancel/off-paid").status()).isEqualTo(400);
        assertThat(sandbox.get("/api/v3/offramp/cancel/nope").status()).isEqualTo(404);
    }

    @Test
    void aFailedPayoutIsRefundedToTheSenderAndReversed() {
        sandbox.post("/api/v3/offramp", offramp("off-ref", "+254700000010", "25.5", ""));
        awaitStatus("off-ref", "REVERSED");
        JsonNode reversed = status("off-ref");
        assertThat(reversed.path("transactionError").path("code").asText()).isEqualTo("INSUFFICIENT_FUNDS");
        JsonNode refund = refund("off-ref");
        assertThat(refund.path("refundStatus").asText()).isEqualTo("SUCCESSFUL");
        assertThat(refund.path("refundAddress").asText()).isEqualTo(SENDER);
        assertThat(refund.path("refundAmount").decimalValue()).isEqualByComparingTo("25.5");

        awaitEvents("refund.completed", "off-ref", 1);
        assertThat(webhooks.statuses(STATUS, "off-ref"))
                .containsExactly("CRYPTO_RECEIVED", "PROCESSING", "FAILED", "REFUND_PENDING", "REVERSED");
        JsonNode completed = webhooks.events("refund.completed", "off-ref").get(0).data();
        assertThat(fieldNames(completed)).containsExactly("referenceId", "status", "refundStatus",
                "refundTransactionHash", "refundAmount", "chain", "token", "currency", "timestamp");
        assertThat(completed.path("status").asText()).isEqualTo("REVERSED");
        assertThat(completed.path("refundStatus").asText()).isEqualTo("SUCCESSFUL");
        assertThat(completed.path("refundTransactionHash").asText())
                .isEqualTo(refund.path("refundTransactionHash").asText()).matches("0x[0-9a-f]{64}");
        assertThat(completed.path("refundAmount").decimalValue()).isEqualByComparingTo("25.5");
        assertThat(completed.path("currency").asText()).isEqualTo("KES");
        JsonNode failed = webhooks.events(STATUS, "off-ref").get(2).data();
        assertThat(failed.path("transactionError").path("message").asText()).isEqualTo("Insufficient funds");
    }

    @Test
    void aRefundConfigAddressReceivesTheRefund() {
        String refundTo = "0x4444444444444444444444444444444444444444";
        sandbox.post("/api/v3/offramp", offramp("off-cfg", "+254700000011", "3",
                ",'refund_config':{'address':'" + refundTo + "'}"));
        awaitStatus("off-cfg", "REVERSED");
        assertThat(refund("off-cfg").path("refundAddress").asText()).isEqualTo(refundTo);
    }

    @Test
    void aRefundThatKeepsFailingEndsRefundFailedAndCanBeRetried() {
        String body = offramp("off-dead", "+254700000012", "7", "").replace(SENDER, BURN);
        assertThat(sandbox.post("/api/v3/offramp", body).status()).isEqualTo(200);
        awaitStatus("off-dead", "REFUND_FAILED");
        JsonNode refund = refund("off-dead");
        assertThat(refund.path("refundStatus").asText()).isEqualTo("FAILED");
        assertThat(refund.path("attempts").asInt()).isEqualTo(4);
        awaitEvents("refund.failed", "off-dead", 1);
        JsonNode failed = webhooks.events("refund.failed", "off-dead").get(0).data();
        assertThat(fieldNames(failed)).containsExactly("referenceId", "refundStatus", "refundAmount", "chain",
                "token", "currency", "error", "totalRetries", "timestamp");
        assertThat(failed.path("totalRetries").asInt()).isEqualTo(4);
        assertThat(failed.path("error").asText()).contains("INSUFFICIENT_GAS");

        Answer notFailed = sandbox.post("/api/v3/offramp/retry-refund/off-nothing", "{}");
        assertThat(notFailed.status()).isEqualTo(404);
        assertThat(notFailed.body().path("message").asText()).isEqualTo("Offramp transaction not found");

        Answer retried = sandbox.post("/api/v3/offramp/retry-refund/off-dead", "{}");
        assertThat(retried.status()).isEqualTo(200);
        assertThat(retried.data().path("refundStatus").asText()).isEqualTo("PENDING");
        awaitStatus("off-dead", "REVERSED");
        awaitEvents("refund.completed", "off-dead", 1);
        Answer twice = sandbox.post("/api/v3/offramp/retry-refund/off-dead", "{}");
        assertThat(twice.status()).isEqualTo(400);
        assertThat(twice.body().path("message").asText()).isEqualTo("Cannot retry refund");
    }

    @Test
    void failedRefundsCanBeRetriedInBulk() {
        sandbox.post("/api/v3/offramp", offramp("off-d1", "+254700000010", "1", "").replace(SENDER, BURN));
        sandbox.post("/api/v3/offramp", offramp("off-d2", "+254700000010", "2", "").replace(SENDER, BURN));
        sandbox.post("/api/v3/offramp", offramp("off-d3", "+254700000010", "3", "").replace(SENDER, BURN));
        awaitStatus("off-d1", "REFUND_FAILED");
        awaitStatus("off-d2", "REFUND_FAILED");
        awaitStatus("off-d3", "REFUND_FAILED");

        Answer invalid = sandbox.post("/api/v3/offramp/retry-refunds-multiple", json("{'referenceIds':[]}"));
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(errors(invalid)).containsExactly("referenceIds should not be empty");

        Answer some = sandbox.post("/api/v3/offramp/retry-refunds-multiple",
                json("{'referenceIds':['off-d1','off-none']}"));
        assertThat(some.status()).isEqualTo(200);
        assertThat(some.data().get(0).path("success").asBoolean()).isTrue();
        assertThat(some.data().get(1).path("success").asBoolean()).isFalse();
        assertThat(some.data().get(1).path("message").asText()).isEqualTo("Offramp transaction not found");
        awaitStatus("off-d1", "REVERSED");

        Answer all = sandbox.post("/api/v3/offramp/retry-all-failed-refunds", "");
        assertThat(all.status()).isEqualTo(200);
        List<String> retried = new ArrayList<>();
        all.data().forEach(r -> retried.add(r.path("referenceId").asText()));
        assertThat(retried).containsExactly("off-d2", "off-d3");
        awaitStatus("off-d2", "REVERSED");
        awaitStatus("off-d3", "REVERSED");
    }

    @Test
    void aLightningRefundWaitsForAnInvoiceThenIsReversed() {
        Answer created = sandbox.post("/api/v3/offramp", lightning("off-ln", "+254700000011", ""));
        assertThat(created.status()).isEqualTo(200);
        String escrow = created.data().path("escrowAddress").asText();
        assertThat(Bolt11.decode(escrow)).hasValueSatisfying(i -> assertThat(i.amountMsat()).isEqualTo(50_000_000L));
        assertThat(created.data().path("fiatAmount").decimalValue()).isEqualByComparingTo("333");
        assertThat(created.data().path("fiatTransactionAmount").decimalValue()).isEqualByComparingTo("328");

        awaitEvents("refund.lightning.invoice_needed", "off-ln", 1);
        JsonNode needed = webhooks.events("refund.lightning.invoice_needed", "off-ln").get(0).data();
        assertThat(fieldNames(needed)).containsExactly("referenceId", "status", "onchainStatus", "refundStatus",
                "refundAmount", "refundAmountSats", "chain", "currency", "requiresAction", "action", "timestamp");
        assertThat(needed.path("status").asText()).isEqualTo("FAILED");
        assertThat(needed.path("onchainStatus").asText()).isEqualTo("SUCCESSFUL");
        assertThat(needed.path("refundStatus").asText()).isEqualTo("INVOICE_NEEDED");
        assertThat(needed.path("refundAmount").asLong()).isEqualTo(50_000_000L);
        assertThat(needed.path("refundAmountSats").asLong()).isEqualTo(50_000L);
        assertThat(needed.path("requiresAction").asBoolean()).isTrue();
        JsonNode action = needed.path("action");
        assertThat(action.path("type").asText()).isEqualTo("SUBMIT_LIGHTNING_INVOICE");
        assertThat(action.path("submitUrl").asText())
                .isEqualTo(sandbox.base() + "/api/v3/offramp/submit-refund-invoice/off-ln");
        assertThat(action.path("method").asText()).isEqualTo("POST");
        assertThat(action.path("invoiceRequirements").path("amount").asLong()).isEqualTo(50_000L);
        assertThat(action.path("invoiceRequirements").path("currency").asText()).isEqualTo("SATS");
        assertThat(refund("off-ln").path("refundStatus").asText()).isEqualTo("INVOICE_NEEDED");
        assertThat(status("off-ln").path("status").asText()).isEqualTo("FAILED");

        String hash = "cd".repeat(32);
        String wrongAmount = Bolt11.encode(49_000_000L, Instant.now(), 600, hash, "refund");
        String expired = Bolt11.encode(50_000_000L, Instant.now().minusSeconds(3600), 600, hash, "refund");
        String good = Bolt11.encode(50_000_000L, Instant.now(), 600, hash, "refund");
        for (String bad : List.of(wrongAmount, expired, "lnbc1notaninvoice")) {
            Answer refused = sandbox.post("/api/v3/offramp/submit-refund-invoice/off-ln",
                    json("{'invoice':'" + bad + "'}"));
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.body().path("message").asText())
                    .isEqualTo("Invalid invoice or not eligible for Lightning refund");
        }
        assertThat(errors(sandbox.post("/api/v3/offramp/submit-refund-invoice/off-ln", "{}")))
                .containsExactly("invoice should not be empty");
        assertThat(sandbox.post("/api/v3/offramp/submit-refund-invoice/nope", json("{'invoice':'" + good + "'}"))
                .status()).isEqualTo(404);

        Answer accepted = sandbox.post("/api/v3/offramp/submit-refund-invoice/off-ln",
                json("{'invoice':'" + good + "'}"));
        assertThat(accepted.status()).isEqualTo(200);
        awaitStatus("off-ln", "REVERSED");
        awaitEvents("refund.completed", "off-ln", 1);
        JsonNode completed = webhooks.events("refund.completed", "off-ln").get(0).data();
        assertThat(completed.path("refundAmount").asLong()).isEqualTo(50_000L);
        assertThat(completed.path("refundTransactionHash").asText()).isEqualTo(hash);
        assertThat(completed.path("chain").asText()).isEqualTo("LIGHTNING");
        assertThat(webhooks.events("refund.lightning.invoice_needed", "off-ln")).hasSize(1);
        assertThat(webhooks.statuses(STATUS, "off-ln"))
                .containsExactly("CRYPTO_RECEIVED", "PROCESSING", "FAILED", "REFUND_PENDING", "REVERSED");

        sandbox.post("/api/v3/offramp", lightning("off-ln-2", "+254700000011", ""));
        awaitEvents("refund.lightning.invoice_needed", "off-ln-2", 1);
        Answer reused = sandbox.post("/api/v3/offramp/submit-refund-invoice/off-ln-2",
                json("{'invoice':'" + good + "'}"));
        assertThat(reused.status()).isEqualTo(400);
        assertThat(reused.body().path("data").path("reason").asText()).contains("already been paid");
    }

    @Test
    void aLightningRefundWithAUsableInvoiceInItsRefundConfigNeedsNothingMore() {
        String bolt11 = Bolt11.encode(50_000_000L, Instant.now(), 600, "ef".repeat(32), "refund");
        sandbox.post("/api/v3/offramp", lightning("off-ln-cfg", "+254700000013", ",'refund_config':{'bolt11':'"
                + bolt11 + "','amount_msat':50000000,'expires_at':'" + Instant.now().plusSeconds(600) + "'}"));
        awaitStatus("off-ln-cfg", "REVERSED");
        assertThat(webhooks.events("refund.lightning.invoice_needed", "off-ln-cfg")).isEmpty();
        assertThat(refund("off-ln-cfg").path("refundTransactionHash").asText()).isEqualTo("ef".repeat(32));
    }

    @Test
    void aLightningRefundAsksTheGenerateInvoiceUrl() {
        sandbox.post("/api/v3/offramp", lightning("off-ln-gen", "+254700000010",
                ",'refund_config':{'generate_invoice_url':'" + webhooks.generateInvoiceUrl() + "'}"));
        awaitStatus("off-ln-gen", "REVERSED");
        assertThat(webhooks.invoiceRequests()).hasSize(1);
        assertThat(webhooks.invoiceRequests().get(0).toString())
                .isEqualTo("{\"amount_msat\":50000000,\"reference_id\":\"off-ln-gen\"}");
        assertThat(webhooks.events("refund.lightning.invoice_needed", "off-ln-gen")).isEmpty();
    }

    @Test
    void aReceiverThatNeverSettlesStaysProcessing() {
        sandbox.post("/api/v3/offramp", offramp("off-never", "+254700000020", "1", ""));
        awaitStatus("off-never", "PROCESSING");
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).untilAsserted(() ->
                assertThat(status("off-never").path("status").asText()).isEqualTo("PROCESSING"));
    }

    @Test
    void otherReceiversArePaidByTheirOwnRules() {
        String bank = json("{'bankReceiver':{'name':'Jane Doe','address':'Nairobi','bankCode':'01',"
                + "'accountNumber':'1000000005','country':'KE'},'cryptoAmount':2,'currency':'KES','chain':'BASE',"
                + "'token':'USDC','referenceId':'off-bank','senderAddress':'" + SENDER + "'}");
        assertThat(sandbox.post("/api/v3/offramp", bank).status()).isEqualTo(200);
        String paybill = json("{'paybillReceiver':{'paybillNumber':'400200','accountNumber':'A1'},'cryptoAmount':2,"
                + "'currency':'KES','chain':'BASE','token':'USDC','referenceId':'off-paybill',"
                + "'senderAddress':'" + SENDER + "'}");
        JsonNode paybillData = sandbox.post("/api/v3/offramp", paybill).data();
        assertThat(paybillData.path("customerKey").isNull()).isTrue();
        awaitStatus("off-bank", "REVERSED");
        assertThat(status("off-bank").path("transactionError").path("code").asText()).isEqualTo("ACCOUNT_NOT_FOUND");
        awaitStatus("off-paybill", "SUCCESSFUL");

        Answer ghs = sandbox.post("/api/v3/offramp", paybill.replace("KES", "GHS").replace("off-paybill", "x"));
        assertThat(ghs.status()).isEqualTo(400);
        assertThat(ghs.body().path("message").asText()).isEqualTo("Lipa na M-Pesa/Paybill only available for Kenya (KES)");
    }

    @Test
    void validationListsEveryProblem() {
        Answer empty = sandbox.post("/api/v3/offramp", "{}");
        assertThat(empty.status()).isEqualTo(400);
        assertThat(errors(empty)).containsExactly(
                "exactly one of mobileMoneyReceiver, bankReceiver, lipaNaMpesaReceiver, paybillReceiver must be given",
                "cryptoAmount must be a positive number",
                "currency should not be empty",
                "chain must be one of the following values: " + String.join(", ", RateTable.CHAINS),
                "token must be one of the following values: " + String.join(", ", RateTable.TOKENS),
                "referenceId should not be empty");

        Answer many = sandbox.post("/api/v3/offramp", json("{'mobileMoneyReceiver':{'phoneNumber':'+254700000001'},"
                + "'bankReceiver':{'name':'J','address':'A','accountNumber':'1','country':'ZA'},"
                + "'cryptoAmount':1.1234567,'currency':'KES','chain':'CELO','token':'USDT','referenceId':'v1',"
                + "'callbackUrl':'ftp://x','refund_config':{'amount_msat':-5,'expires_at':'tomorrow',"
                + "'generate_invoice_url':'nope','address':'0x12'}}"));
        assertThat(errors(many)).containsExactly(
                "exactly one of mobileMoneyReceiver, bankReceiver, lipaNaMpesaReceiver, paybillReceiver must be given",
                "mobileMoneyReceiver.accountName should not be empty",
                "mobileMoneyReceiver.networkProvider must be one of the following values: "
                        + String.join(", ", RampRules.NETWORKS),
                "bankReceiver.bankName should not be empty",
                "cryptoAmount must have at most 6 decimal places for USDT",
                "callbackUrl must be a URL address",
                "refund_config.amount_msat must be a positive integer",
                "refund_config.expires_at must be a valid ISO 8601 date string",
                "refund_config.generate_invoice_url must be a URL address",
                "refund_config.address must be a valid CELO address");
        assertThat(sandbox.get("/sandbox/transactions").body().path("count").asInt()).isZero();

        Answer sender = sandbox.post("/api/v3/offramp", offramp("v2", "+254700000001", "1", "").replace(SENDER, "0xabc"));
        assertThat(sender.status()).isEqualTo(400);
        assertThat(sender.body().path("message").asText()).isEqualTo("Invalid crypto address");
        Answer dust = sandbox.post("/api/v3/offramp", offramp("v3", "+254700000001", "0.000001", ""));
        assertThat(dust.status()).isEqualTo(400);
        assertThat(dust.body().path("message").asText()).isEqualTo("Insufficient crypto amount");
    }

    @Test
    void duplicatesRateIdsListsAndUnknownReferences() {
        String rateId = sandbox.post("/api/v3/rate/offramp", json("{'from':'USDT','to':'KES','cryptoAmount':100}"))
                .data().path("id").asText();
        assertThat(sandbox.post("/api/v3/offramp", offramp("off-a", "+254700000001", "100",
                ",'rateId':'" + rateId + "'")).status()).isEqualTo(200);
        Answer wrongPair = sandbox.post("/api/v3/offramp", offramp("off-b", "+254700000001", "100",
                ",'rateId':'" + rateId + "'").replace("\"USDT\"", "\"USDC\""));
        assertThat(wrongPair.status()).isEqualTo(400);
        assertThat(wrongPair.body().path("message").asText()).contains("USDT/KES");
        Answer duplicate = sandbox.post("/api/v3/offramp", offramp("off-a", "+254700000010", "1", ""));
        assertThat(duplicate.status()).isEqualTo(400);
        assertThat(duplicate.body().path("message").asText()).isEqualTo("Duplicate referenceId");
        sandbox.post("/api/v3/offramp", offramp("off-c", "+254700000001", "1", ""));

        Answer list = sandbox.get("/api/v3/offramp/transactions");
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body().path("message").asText()).isEqualTo("Offramp transactions retrieved");
        List<String> references = new ArrayList<>();
        list.data().forEach(o -> references.add(o.path("referenceId").asText()));
        assertThat(references).containsExactly("off-c", "off-a");

        Answer missing = sandbox.get("/api/v3/offramp/nope");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.body().path("message").asText()).isEqualTo("Reference Id not found");
        assertThat(sandbox.get("/api/v3/offramp/refund-status/nope").status()).isEqualTo(404);
        Answer notLightning = sandbox.post("/api/v3/offramp/submit-refund-invoice/off-a",
                json("{'invoice':'lnbc1'}"));
        assertThat(notLightning.status()).isEqualTo(400);
        assertThat(notLightning.body().path("message").asText())
                .isEqualTo("Invalid invoice or not eligible for Lightning refund");
    }
}

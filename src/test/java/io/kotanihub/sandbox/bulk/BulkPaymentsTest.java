package io.kotanihub.sandbox.bulk;

import static io.kotanihub.sandbox.ramps.TestSandbox.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.kotanihub.sandbox.ramps.SharedSandbox;
import io.kotanihub.sandbox.ramps.TestSandbox;
import io.kotanihub.sandbox.ramps.TestSandbox.Answer;
import io.kotanihub.sandbox.ramps.WebhookCapture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Bulk payments (§15) over HTTP: CSV validation listing every row problem, preview, the per-currency balance check,
 * batches whose payments end as the phone table predicts with the wallet balance exact to the unit, duplicates.
 */
@ExtendWith(SharedSandbox.class)
class BulkPaymentsTest {

    static final String API = "/api/v3/dashboard/bulk-payments/api";
    static final String WITHDRAWAL = "transaction.withdrawal.status.updated";
    static final String HEADER = "recipient_name,recipient_email,recipient_phone,amount,currency,reference,network";

    static TestSandbox sandbox;
    static WebhookCapture webhooks;

    @BeforeAll
    static void start() {
        sandbox = SharedSandbox.sandbox();
        webhooks = SharedSandbox.webhooks();
    }

    @BeforeEach
    void reset() {
        sandbox.reset();
        webhooks.clear();
    }

    private static Map<String, String> walletIds() {
        Map<String, String> ids = new LinkedHashMap<>();
        Answer answer = sandbox.get(API + "/wallets");
        assertThat(answer.status()).isEqualTo(200);
        answer.body().forEach(w -> ids.putIfAbsent(w.path("currency").asText(), w.path("id").asText()));
        return ids;
    }

    private static String balance(String walletId) {
        return sandbox.get("/api/v3/wallet/fiat/" + walletId).data().path("balance").decimalValue().toPlainString();
    }

    private static String recipient(String name, String phone, String amount, String currency, String reference,
                                    String network) {
        return "{'recipientName':'" + name + "','recipientEmail':'" + name.toLowerCase().replace(' ', '.')
                + "@example.com','recipientPhone':'" + phone + "','amount':" + amount + ",'currency':'" + currency
                + "','reference':'" + reference + "','network':'" + network + "'}";
    }

    private static String request(String name, List<String> recipients, Map<String, String> wallets) {
        List<String> selections = new ArrayList<>();
        wallets.forEach((currency, id) -> selections.add("{'currency':'" + currency + "','walletId':'" + id + "'}"));
        return json("{'batchName':'" + name + "','batchDescription':'Payroll','recipients':["
                + String.join(",", recipients) + "],'walletSelections':[" + String.join(",", selections) + "]}");
    }

    private static List<String> errors(Answer answer) {
        List<String> errors = new ArrayList<>();
        answer.body().path("data").path("errors").forEach(e -> errors.add(e.asText()));
        return errors;
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(e -> out.add(e.asText()));
        return out;
    }

    @Test
    void walletsAreListedWithTheirPayoutBalances() {
        Answer answer = sandbox.get(API + "/wallets");
        assertThat(answer.status()).isEqualTo(200);
        JsonNode kes = null;
        for (JsonNode wallet : answer.body()) {
            if (wallet.path("currency").asText().equals("KES")) {
                kes = wallet;
            }
        }
        assertThat(kes).isNotNull();
        assertThat(Fields.names(kes)).containsExactly("id", "name", "currency", "balance");
        assertThat(kes.path("balance").decimalValue()).isEqualByComparingTo("10000000");
        assertThat(sandbox.getWithoutKey(API + "/wallets").status()).isEqualTo(401);
    }

    @Test
    void aValidCsvIsSummarisedPerCurrencyAndAnUploadTwiceIsFlagged() throws Exception {
        String csv = "\uFEFF" + HEADER + ",description\r\n"
                + "John Doe,john@example.com,+254700000001,1000,KES,INV-001,MPESA,January Salary\r\n"
                + "Jane Smith,jane@example.com,+256700000001,500000,UGX,INV-002,MTN,\"Commission, Q1\"\r\n"
                + "Ann Lee,ann@example.com,+254711111111,2500.00,kes,INV-003,AIRTEL,\r\n";
        byte[] bytes = csv.getBytes(StandardCharsets.UTF_8);
        Answer first = sandbox.upload(API + "/validate-csv", "file", "payroll.csv", bytes);
        assertThat(first.status()).isEqualTo(200);
        JsonNode body = first.body();
        assertThat(Fields.names(body)).containsExactly("isValid", "totalRecords", "currencies",
                "currencyBreakdown", "fileHash", "isDuplicate", "errors", "warnings");
        assertThat(body.path("isValid").asBoolean()).isTrue();
        assertThat(body.path("totalRecords").asInt()).isEqualTo(3);
        assertThat(texts(body.path("currencies"))).containsExactly("KES", "UGX");
        assertThat(body.path("currencyBreakdown").path("KES").path("count").asInt()).isEqualTo(2);
        assertThat(body.path("currencyBreakdown").path("KES").path("totalAmount").decimalValue())
                .isEqualByComparingTo("3500");
        assertThat(body.path("currencyBreakdown").path("UGX").path("totalAmount").decimalValue())
                .isEqualByComparingTo("500000");
        assertThat(body.path("fileHash").asText())
                .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes)));
        assertThat(body.path("isDuplicate").asBoolean()).isFalse();
        assertThat(body.path("errors")).isEmpty();
        assertThat(body.path("warnings")).isEmpty();

        JsonNode again = sandbox.upload(API + "/validate-csv", "file", "copy.csv", bytes).body();
        assertThat(again.path("isDuplicate").asBoolean()).isTrue();
        assertThat(again.path("fileHash").asText()).isEqualTo(body.path("fileHash").asText());
    }

    @Test
    void everyRowProblemIsListed() {
        String csv = HEADER + ",metadata\n"
                + ",john@example.com,+254700000001,1000,KES,INV-001,MPESA,\n"
                + "Jane,not-an-email,12,abc,XXX,INV-002,MPESA,\n"
                + "Bob,bob@example.com,254700000001,10.505,KES,INV-001,SAFARICOM,{bad json\n"
                + "Amy,amy@example.com,+256700000001,,UGX,,,\n"
                + "Tom,tom@example.com,+254700000001,5\n"
                + "Kim,kim@example.com,+254700000001,700,KES,INV-009,MPESA,\"{\"\"team\"\":\"\"ops\"\"}\"\n"
                + "Lee,lee@example.com,+233700000001,700,KES,INV-010,MPESA,\n";
        Answer answer = sandbox.upload(API + "/validate-csv", "file", "bad.csv", csv.getBytes(StandardCharsets.UTF_8));
        assertThat(answer.status()).isEqualTo(200);
        JsonNode body = answer.body();
        assertThat(body.path("isValid").asBoolean()).isFalse();
        assertThat(body.path("totalRecords").asInt()).isEqualTo(7);
        assertThat(texts(body.path("errors"))).containsExactly(
                "Row 2: Missing recipient name",
                "Row 3: Invalid email address 'not-an-email'",
                "Row 3: Invalid phone number '12'",
                "Row 3: Invalid currency code 'XXX'",
                "Row 3: Invalid amount 'abc' (must be a positive number)",
                "Row 4: Amount 10.505 has more than 2 decimal places for KES",
                "Row 4: Invalid network 'SAFARICOM'",
                "Row 4: Invalid metadata (must be a JSON object)",
                "Row 5: Missing amount",
                "Row 5: Missing reference",
                "Row 5: Missing network",
                "Row 6: Expected 8 columns but found 4",
                "Duplicate references found: INV-001");
        assertThat(texts(body.path("warnings"))).containsExactly(
                "Row 4: Phone format may be invalid (expected +<country code><number>)",
                "Row 8: Phone number country uses GHS, not KES");
        assertThat(texts(body.path("currencies"))).containsExactly("KES");
        assertThat(body.path("currencyBreakdown").path("KES").path("count").asInt()).isEqualTo(2);
        assertThat(body.path("currencyBreakdown").path("KES").path("totalAmount").decimalValue())
                .isEqualByComparingTo("1400");

        JsonNode noNetwork = sandbox.upload(API + "/validate-csv", "file", "old.csv",
                ("recipient_name,recipient_email,recipient_phone,amount,currency,reference,description\n"
                        + "John Doe,john@example.com,+254700000000,1000,KES,INV-001,January Salary\n")
                        .getBytes(StandardCharsets.UTF_8)).body();
        assertThat(texts(noNetwork.path("errors"))).containsExactly("Missing required column: network");
        assertThat(texts(sandbox.upload(API + "/validate-csv", "file", "empty.csv",
                (HEADER + "\n").getBytes(StandardCharsets.UTF_8)).body().path("errors")))
                .containsExactly("The file contains no recipients");

        Answer missing = sandbox.upload(API + "/validate-csv", "other", "x.csv", "a".getBytes(StandardCharsets.UTF_8));
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.body().path("message").asText()).isEqualTo("Validation failed: file should not be empty");
    }

    @Test
    void previewGroupsByCurrencyWithTheSelectedWallet() {
        Map<String, String> wallets = walletIds();
        Answer preview = sandbox.post(API + "/preview", request("June payroll", List.of(
                recipient("John Doe", "+254700000001", "1000", "KES", "P-1", "MPESA"),
                recipient("Jane Smith", "+256700000001", "500000", "UGX", "P-2", "MTN"),
                recipient("Ann Lee", "+254711111111", "2500.0", "KES", "P-3", "AIRTEL")),
                Map.of("KES", wallets.get("KES"), "UGX", wallets.get("UGX"))));
        assertThat(preview.status()).isEqualTo(200);
        JsonNode body = preview.body();
        assertThat(body.path("totalBatches").asInt()).isEqualTo(2);
        assertThat(body.path("totalRecipients").asInt()).isEqualTo(3);
        JsonNode kes = body.path("currencyBreakdown").get(0);
        assertThat(kes.path("currency").asText()).isEqualTo("KES");
        assertThat(kes.path("recipientCount").asInt()).isEqualTo(2);
        assertThat(kes.path("totalAmount").decimalValue()).isEqualByComparingTo("3500");
        assertThat(kes.path("walletId").asText()).isEqualTo(wallets.get("KES"));
        assertThat(kes.path("recipients")).hasSize(2);
        assertThat(body.path("currencyBreakdown").get(1).path("currency").asText()).isEqualTo("UGX");
        assertThat(sandbox.get(API + "/batches").body().path("meta").path("total").asInt()).isZero();
    }

    @Test
    void previewAndCreateListEveryProblemOfTheRequest() {
        Map<String, String> wallets = walletIds();
        Answer answer = sandbox.post(API + "/batches/create", json("{'recipients':["
                + recipient("John Doe", "+254700000001", "1000", "KES", "D-1", "MPESA") + ","
                + recipient("Jane Smith", "+256700000001", "-5", "UGX", "D-2", "MTN") + ","
                + recipient("Bob", "07000", "10.505", "KES", "D-1", "SAFARICOM") + ","
                + recipient("Ann", "+254700000001", "300", "TZS", "D-4", "VODACOM") + ","
                + recipient("Kim", "+254700000001", "300", "KES", "D-5", "MPESA") + "],"
                + "'walletSelections':[{'currency':'KES','walletId':'" + wallets.get("KES") + "'},"
                + "{'currency':'UGX','walletId':'" + wallets.get("GHS") + "'},{'currency':'ZAR'}]}"));
        assertThat(answer.status()).isEqualTo(400);
        assertThat(errors(answer)).containsExactly(
                "batchName should not be empty",
                "recipients.1.amount must be a positive number",
                "recipients.2.recipientPhone must be a valid phone number",
                "recipients.2.network must be one of the following values: MTN, AIRTEL, VODAFONE, TIGO, YAS, "
                        + "ORANGE, NOT_SUPPORTED, ZAMTEL, MPESA, CHECKOUT, BKTRX, CRDTRX, MOOV, TMONEY, FREE, "
                        + "EXPRESSO, HALOPESA, VODACOM, WAVE",
                "recipients.2.amount must have at most 2 decimal places for KES",
                "walletSelections.1.walletId is a GHS wallet, not UGX",
                "walletSelections.2.walletId should not be empty",
                "walletSelections must include a wallet for TZS");
        assertThat(answer.body().path("message").asText()).startsWith("Validation failed: batchName should not be");

        Answer duplicates = sandbox.post(API + "/preview", request("Dup", List.of(
                recipient("A", "+254700000001", "1", "KES", "X-1", "MPESA"),
                recipient("B", "+254700000001", "1", "KES", "X-1", "MPESA"),
                recipient("C", "+254700000001", "1", "KES", "X-2", "MPESA"),
                recipient("D", "+254700000001", "1", "KES", "X-2", "MPESA")), Map.of("KES", wallets.get("KES"))));
        assertThat(errors(duplicates)).containsExactly("Duplicate references found: X-1, X-2");
        assertThat(sandbox.get(API + "/batches").body().path("meta").path("total").asInt()).isZero();
    }

    @Test
    void aShortWalletRefusesTheWholeCreate() {
        Map<String, String> wallets = walletIds();
        String ugxBefore = balance(wallets.get("UGX"));
        // 492 611 000 UGX + 1.5 % fee (7 389 165) = 500 000 165: the fee alone tips it over the 500 000 000 balance
        Answer answer = sandbox.post(API + "/batches/create", request("Too much", List.of(
                recipient("John Doe", "+254700000001", "1000", "KES", "S-1", "MPESA"),
                recipient("Jane Smith", "+256700000001", "492611000", "UGX", "S-2", "MTN")),
                Map.of("KES", wallets.get("KES"), "UGX", wallets.get("UGX"))));
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body().path("statusCode").asInt()).isEqualTo(400);
        assertThat(answer.body().path("message").asText()).isEqualTo("Insufficient wallet balance");
        JsonNode details = answer.body().path("details");
        assertThat(details.path("currency").asText()).isEqualTo("UGX");
        assertThat(details.path("required").decimalValue()).isEqualByComparingTo("500000165");
        assertThat(details.path("available").decimalValue()).isEqualByComparingTo("500000000");
        assertThat(details.path("shortfall").decimalValue()).isEqualByComparingTo("165");
        assertThat(sandbox.get(API + "/batches").body().path("meta").path("total").asInt()).isZero();
        assertThat(balance(wallets.get("UGX"))).isEqualTo(ugxBefore);

        Answer fits = sandbox.post(API + "/batches/create", request("Just enough", List.of(
                recipient("Jane Smith", "+256700000001", "492610000", "UGX", "S-2", "MTN")),
                Map.of("UGX", wallets.get("UGX"))));
        assertThat(fits.status()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(8)).untilAsserted(() ->
                assertThat(balance(wallets.get("UGX"))).isEqualTo("850"));
    }

    @Test
    void aBatchPaysAsThePhoneTablePredictsAndTheWalletEndsExact() {
        Map<String, String> wallets = walletIds();
        String kesWallet = wallets.get("KES");
        String ugxWallet = wallets.get("UGX");
        assertThat(balance(kesWallet)).isEqualTo("10000000");
        Answer created = sandbox.post(API + "/batches/create", request("June payroll", List.of(
                recipient("Ok One", "+254700000001", "1000", "KES", "B-1", "MPESA"),
                recipient("No Funds", "+254700000010", "2500", "KES", "B-2", "MPESA"),
                recipient("Cancels", "+254700000013", "999", "KES", "B-3", "MPESA"),
                recipient("Ok Two", "+254711111111", "10000", "KES", "B-4", "AIRTEL"),
                recipient("No Account", "+254700000011", "40", "KES", "B-5", "MPESA"),
                recipient("Ug Ok", "+256700000001", "50000", "UGX", "B-6", "MTN"),
                recipient("Ug Limit", "+256700000012", "30000", "UGX", "B-7", "MTN")),
                Map.of("KES", kesWallet, "UGX", ugxWallet)));
        assertThat(created.status()).isEqualTo(201);
        JsonNode batches = created.body();
        assertThat(batches.isArray()).isTrue();
        assertThat(batches).hasSize(2);
        JsonNode kes = batches.get(0);
        assertThat(Fields.names(kes)).startsWith("id", "batchName", "status", "currency", "totalAmount",
                "totalPayments", "successfulPayments", "failedPayments", "pendingPayments", "createdAt");
        assertThat(kes.path("status").asText()).isEqualTo("pending");
        assertThat(kes.path("currency").asText()).isEqualTo("KES");
        assertThat(kes.path("totalAmount").decimalValue()).isEqualByComparingTo("14539");
        assertThat(kes.path("totalPayments").asInt()).isEqualTo(5);
        assertThat(kes.path("pendingPayments").asInt()).isEqualTo(5);
        assertThat(kes.path("transactionId").asText()).isEqualTo(batches.get(1).path("transactionId").asText());
        String kesBatch = kes.path("id").asText();
        String ugxBatch = batches.get(1).path("id").asText();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(sandbox.get(API + "/batches/" + kesBatch).body().path("status").asText())
                    .isEqualTo("completed_with_errors");
            assertThat(sandbox.get(API + "/batches/" + ugxBatch).body().path("status").asText())
                    .isEqualTo("completed_with_errors");
        });
        JsonNode kesDone = sandbox.get(API + "/batches/" + kesBatch).body();
        assertThat(kesDone.path("successfulPayments").asInt()).isEqualTo(2);
        assertThat(kesDone.path("failedPayments").asInt()).isEqualTo(3);
        assertThat(kesDone.path("pendingPayments").asInt()).isZero();
        JsonNode processing = kesDone.path("progress").get(2);
        assertThat(processing.path("step").asText()).isEqualTo("payment_processing");
        assertThat(processing.path("status").asText()).isEqualTo("completed");
        assertThat(processing.path("completedAt").asText()).isNotBlank();

        Map<String, String> statuses = new LinkedHashMap<>();
        JsonNode page = sandbox.get(API + "/batches/" + kesBatch + "/payments").body();
        page.path("data").forEach(p -> statuses.put(p.path("reference").asText(), p.path("status").asText()));
        assertThat(statuses).containsExactly(Map.entry("B-1", "SUCCESS"), Map.entry("B-2", "FAILED"),
                Map.entry("B-3", "FAILED"), Map.entry("B-4", "SUCCESS"), Map.entry("B-5", "FAILED"));
        JsonNode first = page.path("data").get(0);
        assertThat(Fields.names(first)).containsExactly("id", "recipientName", "recipientEmail",
                "recipientPhone", "amount", "currency", "reference", "status", "customerKey", "withdrawalId",
                "errorMessage", "retryCount", "network", "telcoId", "fee", "transactionAmount", "createdAt",
                "completedAt");
        assertThat(first.path("fee").decimalValue()).isEqualByComparingTo("15");
        assertThat(first.path("transactionAmount").decimalValue()).isEqualByComparingTo("1015");
        assertThat(first.path("telcoId").asText()).isNotBlank();
        assertThat(page.path("data").get(1).path("errorMessage").asText()).isEqualTo("Insufficient funds");
        assertThat(page.path("data").get(1).path("fee").decimalValue()).isEqualByComparingTo("38");
        assertThat(page.path("meta").path("total").asInt()).isEqualTo(5);

        // successful: (1000 + 15) + (10000 + 150); every failed payment's debit was given back
        assertThat(balance(kesWallet)).isEqualTo("9988835");
        // successful: 50000 + 750
        assertThat(balance(ugxWallet)).isEqualTo("499949250");

        JsonNode withdrawal = sandbox.get("/api/v3/withdraw/status/B-4").data();
        assertThat(withdrawal.path("status").asText()).isEqualTo("SUCCESSFUL");
        assertThat(withdrawal.path("amount").decimalValue()).isEqualByComparingTo("10000");
        assertThat(withdrawal.path("transactionAmount").decimalValue()).isEqualByComparingTo("10000");
        assertThat(withdrawal.path("transactionCost").decimalValue()).isEqualByComparingTo("150");
        assertThat(withdrawal.path("walletId").asText()).isEqualTo(kesWallet);
        JsonNode fourth = page.path("data").get(3);
        assertThat(withdrawal.path("customerKey").asText()).startsWith("cust_")
                .isEqualTo(fourth.path("customerKey").asText());
        assertThat(withdrawal.path("id").asText()).isEqualTo(fourth.path("withdrawalId").asText());
        assertThat(sandbox.get("/api/v3/customer/mobile-money/" + fourth.path("customerKey").asText()).data()
                .path("phone_number").asText()).isEqualTo("+254711111111");
        assertThat(sandbox.get("/api/v3/withdraw/status/B-3").data().path("status").asText()).isEqualTo("CANCELLED");

        await().atMost(Duration.ofSeconds(8)).untilAsserted(() -> {
            for (String ref : List.of("B-1", "B-2", "B-3", "B-4", "B-5", "B-6", "B-7")) {
                List<String> seen = webhooks.statuses(WITHDRAWAL, ref);
                assertThat(seen).as(ref).isNotEmpty();
                assertThat(seen.get(seen.size() - 1)).as(ref).isIn("SUCCESSFUL", "FAILED", "CANCELLED");
            }
        });
        assertThat(webhooks.statuses(WITHDRAWAL, "B-1")).containsExactly("INITIATED", "IN_PROGRESS", "SUCCESSFUL");
        assertThat(webhooks.statuses(WITHDRAWAL, "B-2")).containsExactly("INITIATED", "FAILED");
        assertThat(webhooks.statuses(WITHDRAWAL, "B-3")).containsExactly("INITIATED", "CANCELLED");
        assertThat(webhooks.statuses(WITHDRAWAL, "B-7")).containsExactly("INITIATED", "FAILED");

        String parentId = kes.path("transactionId").asText();
        JsonNode parent = sandbox.get(API + "/transactions/" + parentId).body();
        assertThat(parent.path("status").asText()).isEqualTo("completed_with_errors");
        assertThat(parent.path("transactionName").asText()).isEqualTo("June payroll");
        assertThat(parent.path("totalBatches").asInt()).isEqualTo(2);
        assertThat(parent.path("totalRecipients").asInt()).isEqualTo(7);
        assertThat(parent.path("totalAmount").isNull()).isTrue();
        assertThat(texts(parent.path("currencies"))).containsExactly("KES", "UGX");
        assertThat(parent.path("completedBatches").asInt()).isEqualTo(2);
        assertThat(parent.path("batches")).hasSize(2);
        assertThat(sandbox.get(API + "/transactions").body().path("data").get(0).path("id").asText())
                .isEqualTo(parentId);

        JsonNode stats = sandbox.get(API + "/stats").body();
        assertThat(stats.path("totalBatches").asInt()).isEqualTo(2);
        assertThat(stats.path("totalSuccessfulPayments").asInt()).isEqualTo(3);
        assertThat(stats.path("totalFailedPayments").asInt()).isEqualTo(4);
        assertThat(stats.path("averageBatchSize").decimalValue()).isEqualByComparingTo("3.5");
        assertThat(stats.path("successRate").decimalValue()).isEqualByComparingTo("42.86");
        assertThat(stats.path("currencyBreakdown").path("KES").path("totalAmount").decimalValue())
                .isEqualByComparingTo("14539");
        assertThat(stats.path("currencyBreakdown").path("UGX").path("totalPayments").asInt()).isEqualTo(2);
        assertThat(sandbox.get(API + "/stats?currency=UGX").body().path("totalBatches").asInt()).isEqualTo(1);

        JsonNode failedOnly = sandbox.get(API + "/batches/" + kesBatch + "/payments?status=FAILED").body();
        assertThat(failedOnly.path("meta").path("total").asInt()).isEqualTo(3);
        Answer again = sandbox.post(API + "/batches/" + kesBatch + "/process", "");
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.body().path("message").asText()).contains("completed_with_errors");
    }

    @Test
    void aLateCorrectedPaymentEndsSuccessfulAndIsDebitedOnceWithItsFee() {
        assertThat(sandbox.post("/sandbox/faults", json("{'lateCorrectionRate':1}")).status()).isEqualTo(200);
        Map<String, String> wallets = walletIds();
        assertThat(sandbox.post(API + "/batches/create", request("Corrected", List.of(
                recipient("Ok One", "+254700000001", "1000", "KES", "LC-1", "MPESA")),
                Map.of("KES", wallets.get("KES")))).status()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(8)).untilAsserted(() -> assertThat(webhooks.statuses(WITHDRAWAL, "LC-1"))
                .containsExactly("INITIATED", "IN_PROGRESS", "CANCELLED", "SUCCESSFUL"));
        assertThat(sandbox.get(API + "/batches?status=completed").body().path("meta").path("total").asInt())
                .isEqualTo(1);
        // reversed (amount + fee) at CANCELLED, debited (amount + fee) again at SUCCESSFUL
        assertThat(balance(wallets.get("KES"))).isEqualTo("9998985");
    }

    @Test
    void usedReferencesAreRefusedEverywhere() {
        Map<String, String> wallets = walletIds();
        String body = request("Once", List.of(recipient("John Doe", "+254700000001", "100", "KES", "R-1", "MPESA"),
                recipient("Jane Doe", "+254700000002", "100", "KES", "R-2", "MPESA")),
                Map.of("KES", wallets.get("KES")));
        assertThat(sandbox.post(API + "/batches/create", body).status()).isEqualTo(201);
        Answer twice = sandbox.post(API + "/batches/create", body);
        assertThat(twice.status()).isEqualTo(400);
        assertThat(errors(twice)).containsExactly("References already used: R-1, R-2");
        assertThat(sandbox.get(API + "/batches").body().path("meta").path("total").asInt()).isEqualTo(1);

        String csv = HEADER + "\nJohn Doe,john@example.com,+254700000001,100,KES,R-1,MPESA\n";
        JsonNode checked = sandbox.upload(API + "/validate-csv", "file", "again.csv",
                csv.getBytes(StandardCharsets.UTF_8)).body();
        assertThat(texts(checked.path("errors"))).containsExactly("Row 2: Reference 'R-1' has already been used");

        await().atMost(Duration.ofSeconds(8)).untilAsserted(() ->
                assertThat(sandbox.get("/api/v3/withdraw/status/R-2").data().path("status").asText())
                        .isEqualTo("SUCCESSFUL"));
        assertThat(sandbox.get("/sandbox/transactions").body().path("count").asInt()).isEqualTo(2);
        // the balance moved once per payment: 2 x (100 + 2 fee)
        assertThat(balance(wallets.get("KES"))).isEqualTo("9999796");
    }

    @Test
    void listsArePagedAndProcessLeavesAStartedBatchAlone() {
        Map<String, String> wallets = walletIds();
        for (int i = 1; i <= 3; i++) {
            sandbox.post(API + "/batches/create", request("Batch " + i, List.of(
                    recipient("John Doe", "+254700000001", "10", "KES", "PG-" + i, "MPESA")),
                    Map.of("KES", wallets.get("KES"))));
        }
        JsonNode page = sandbox.get(API + "/batches?page=2&limit=2").body();
        assertThat(page.path("meta").path("total").asInt()).isEqualTo(3);
        assertThat(page.path("meta").path("totalPages").asInt()).isEqualTo(2);
        assertThat(page.path("data")).hasSize(1);
        assertThat(page.path("data").get(0).path("batchName").asText()).isEqualTo("Batch 1");
        Answer badPage = sandbox.get(API + "/batches?page=0&limit=500");
        assertThat(badPage.status()).isEqualTo(400);
        assertThat(errors(badPage)).containsExactly("page must not be less than 1", "limit must be between 1 and 100");

        await().atMost(Duration.ofSeconds(8)).untilAsserted(() ->
                assertThat(sandbox.get(API + "/batches?status=completed").body().path("meta").path("total").asInt())
                        .isEqualTo(3));
        String done = page.path("data").get(0).path("id").asText();
        Answer finished = sandbox.post(API + "/batches/" + done + "/process", "");
        assertThat(finished.status()).isEqualTo(400);
        assertThat(finished.body().path("message").asText()).isEqualTo("Batch " + done + " is already completed");

        // a payment to the number that never settles keeps its batch processing; process leaves it as it is
        String stuck = sandbox.post(API + "/batches/create", request("Stuck", List.of(
                recipient("Never", "+254700000020", "10", "KES", "PG-9", "MPESA")),
                Map.of("KES", wallets.get("KES")))).body().get(0).path("id").asText();
        await().atMost(Duration.ofSeconds(8)).untilAsserted(() ->
                assertThat(sandbox.get(API + "/batches/" + stuck + "/payments").body().path("data").get(0)
                        .path("status").asText()).isEqualTo("PROCESSING"));
        Answer processed = sandbox.post(API + "/batches/" + stuck + "/process", "");
        assertThat(processed.status()).isEqualTo(200);
        assertThat(processed.body().path("status").asText()).isEqualTo("processing");
        assertThat(processed.body().path("pendingPayments").asInt()).isEqualTo(1);
        assertThat(sandbox.get(API + "/batches/nope").status()).isEqualTo(404);
        assertThat(sandbox.get(API + "/batches/nope").body().path("message").asText()).isEqualTo("Batch not found");
        assertThat(sandbox.post(API + "/batches/nope/process", "").status()).isEqualTo(404);
        assertThat(sandbox.get(API + "/transactions/nope").status()).isEqualTo(404);
    }

    /** Field names in order. */
    static final class Fields {
        static List<String> names(JsonNode node) {
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            return names;
        }
    }
}

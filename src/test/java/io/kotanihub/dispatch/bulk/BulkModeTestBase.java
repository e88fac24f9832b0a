package io.kotanihub.dispatch.bulk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.Reader;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kotanihub.ingest.file.FileDropProperties;
import io.kotanihub.ledger.BulkChunkRepository;
import io.kotanihub.ops.console.ConsoleApi;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Bulk mode end to end (issue 14, point 1): real files and REST batches, the whole hub, the embedded sandbox over
 * real HTTP with its rate limits on and the hub's throttle at Kotani's published limits (so that {@code auto}
 * weighs real figures), chunks of at most 10 rows. Subclasses pick the database (H2, PostgreSQL).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "hub.sandbox.port=0",
        "hub.sandbox.settle-delay=300ms",
        "hub.sandbox.step-delay=20ms",
        "hub.sandbox.wallets.UGX=1000",
        "hub.files.poll-delay=100ms",
        "hub.files.stable-for=300ms",
        "hub.files.result-check-interval=200ms",
        "hub.files.result-timeout=3m",
        "hub.bulk.max-batch-size=10",
        "hub.bulk.poll-interval=200ms",
        "hub.bulk.reconcile-delay=1s",
        "hub.bulk.track-interval=500ms",
        "hub.bulk.retry-delay=1s",
        "hub.dispatch.status-check-min=500ms",
        "hub.dispatch.status-check-max=2s",
        "hub.dispatch.poll-interval=100ms",
        "spring.datasource.url=jdbc:h2:mem:bulk-mode;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1"})
abstract class BulkModeTestBase {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Duration WAIT = Duration.ofSeconds(120);
    static final String HEADER = "reference,amount,currency,method,phone,network,name,country,bank_code,account_number,"
            + "narration";

    @DynamicPropertySource
    static void folders(DynamicPropertyRegistry registry) {
        Path root = Path.of("target", "bulk-mode-" + UUID.randomUUID().toString().substring(0, 8)).toAbsolutePath();
        registry.add("hub.files.inbox", () -> root.resolve("inbox").toString());
        registry.add("hub.files.outbox", () -> root.resolve("outbox").toString());
        registry.add("hub.files.archive", () -> root.resolve("archive").toString());
        registry.add("hub.files.error", () -> root.resolve("error").toString());
    }

    @Autowired
    FileDropProperties files;
    @Autowired
    BulkProperties bulk;
    @Autowired
    BulkChunkRepository chunks;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ConsoleApi console;
    @Autowired
    io.kotanihub.kotani.PayoutWallets wallets;
    @Value("${hub.sandbox.port}")
    int sandboxPort;
    @LocalServerPort
    int hubPort;

    String run;

    @BeforeEach
    void start() throws Exception {
        run = UUID.randomUUID().toString().substring(0, 6);
        post("/sandbox/faults", "{\"errorRate\": 0, \"dropResponseRate\": 0, \"scope\": \"ALL\"}");
    }

    @AfterEach
    void clearFaults() throws Exception {
        post("/sandbox/faults", "{\"errorRate\": 0, \"dropResponseRate\": 0, \"scope\": \"ALL\"}");
        bulk.setValidateCsv(true);
    }

    // ------------------------------------------------------------------------------------------------ tests

    @Test
    void autoSendsALargeMobileMoneyFileInChunksOfAtMostTheMaxSizeAndBankRowsOneByOne() throws Exception {
        Map<String, String> expected = new LinkedHashMap<>();
        List<String> lines = new ArrayList<>();
        for (int i = 1; i <= 25; i++) {
            String ref = ref("m" + i);
            String phone = i == 7 ? "+254700000010" : String.format("+25471%07d", 1000 + i);
            lines.add(String.join(",", ref, (100 + i) + ".50", "KES", "mobile_money", phone, "MPESA",
                    "\"Doe, Jane " + i + "\"", "", "", "", "Salary"));
            expected.put(ref, i == 7 ? "FAILED" : "SUCCESSFUL");
        }
        for (String[] bank : new String[][] {{"1000000001", "SUCCESSFUL"}, {"1000000005", "FAILED"}}) {
            String ref = ref("b" + bank[0]);
            lines.add(String.join(",", ref, "2500", "KES", "bank", "", "", "Smith Robert", "KE", "01", bank[0], ""));
            expected.put(ref, bank[1]);
        }
        String name = "bulk-auto-" + run + ".csv";
        drop(name, lines);
        Map<String, CSVRecord> result = awaitResult(name);
        Map<String, String> statuses = new LinkedHashMap<>();
        result.forEach((ref, rec) -> statuses.put(ref, rec.get("status")));
        assertThat(statuses).isEqualTo(expected);

        String batchId = batchOf(ref("m1"));
        // a chunk is DONE once Kotani's batch is final in its listing, which can come after the rows' own webhooks
        await().atMost(WAIT).until(() -> chunks.forBatch(batchId).stream().allMatch(c -> "DONE".equals(c.get("status"))));
        List<Map<String, Object>> kotaniBatches = chunks.forBatch(batchId);
        assertThat(kotaniBatches).extracting(c -> c.get("rows")).containsExactly(10, 10, 5);
        assertThat(kotaniBatches).allSatisfy(c -> {
            assertThat(c.get("kotaniBatchId")).isNotNull();
            assertThat(c.get("status")).isEqualTo("DONE");
            assertThat(c.get("currency")).isEqualTo("KES");
            assertThat(c.get("isDuplicate")).isEqualTo(false);
            assertThat(c.get("fileHash")).isNotNull();
        });
        assertThat(jdbc.queryForObject("select count(*) from payments where batch_id = ? and bulk_chunk_id is null",
                Integer.class, batchId)).as("the bank rows went one by one").isEqualTo(2);

        Map<String, JsonNode> sandbox = sandboxTransactions();
        for (String ref : expected.keySet()) {
            JsonNode txn = sandbox.get(ref);
            assertThat(txn).as(ref + " at the sandbox").isNotNull();
            assertThat(txn.path("createCalls").asInt()).as(ref + " created once").isEqualTo(1);
            boolean viaBulk = ref.contains("-m");
            assertThat(txn.path("type").asText().contains("bulk")).as(ref + " via bulk").isEqualTo(viaBulk);
            assertThat(txn.path("bulkCreateRequests").asInt()).as(ref + " bulk create requests").isEqualTo(viaBulk ? 1 : 0);
        }
        // the console's data call for the batch shows its Kotani batches and their progress
        @SuppressWarnings("unchecked")
        Map<String, Object> data = (Map<String, Object>) console.batch(batchId, 0, 500, null).getBody();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> shown = (List<Map<String, Object>>) data.get("kotaniBatches");
        assertThat(shown).hasSize(3);
        assertThat(shown.get(0).get("kotaniStatus")).isIn("completed", "completed_with_errors");
        assertThat(shown).extracting(c -> c.get("successful")).doesNotContainNull();
    }

    @Test
    void aSmallFileStaysPerPaymentInAuto() throws Exception {
        String ref = ref("s1");
        String name = "bulk-small-" + run + ".csv";
        drop(name, List.of(String.join(",", ref, "100", "KES", "mobile_money", "+254711000001", "MPESA", "A", "", "",
                "", "")));
        assertThat(awaitResult(name).get(ref).get("status")).isEqualTo("SUCCESSFUL");
        assertThat(chunks.forBatch(batchOf(ref))).isEmpty();
    }

    @Test
    void insufficientBalanceFailsTheChunksRowsWithKotanisFigures() throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            lines.add(String.join(",", ref("u" + i), "500", "UGX", "mobile_money",
                    String.format("+25677%07d", 2000 + i), "MTN", "Okello " + i, "", "", "", ""));
        }
        String batchId = postBatch(lines, "bulk");
        Map<String, Map<String, String>> result = awaitResultOfBatch(batchId, 4);
        for (Map<String, String> rec : result.values()) {
            assertThat(rec.get("status")).isEqualTo("FAILED");
            assertThat(rec.get("error_code")).isEqualTo("INSUFFICIENT_BALANCE");
            assertThat(rec.get("error_message")).contains("currency UGX", "required ", "available 1000",
                    "shortfall ");
        }
        assertThat(chunks.forBatch(batchId)).singleElement()
                .satisfies(c -> assertThat(c.get("status")).isEqualTo("FAILED"));
        Map<String, JsonNode> sandbox = sandboxTransactions();
        for (String ref : result.keySet()) {
            assertThat(sandbox).as("nothing created for " + ref).doesNotContainKey(ref);
        }
    }

    @Test
    void aDroppedCreateAnswerIsFoundInKotanisListingsAndNothingIsSentTwice() throws Exception {
        post("/sandbox/faults", "{\"dropResponseRate\": 1}");
        List<String> refs = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            refs.add(ref("d" + i));
            lines.add(String.join(",", ref("d" + i), "150", "KES", "mobile_money",
                    String.format("+25472%07d", 3000 + i), "MPESA", "N " + i, "", "", "", ""));
        }
        String batchId = postBatch(lines, "bulk");
        Map<String, Map<String, String>> result = awaitResultOfBatch(batchId, 6);
        assertThat(result.values()).allSatisfy(r -> assertThat(r.get("status")).isEqualTo("SUCCESSFUL"));
        // the webhooks may settle the rows before the reconciliation finds the chunk's Kotani batch
        await().atMost(WAIT).until(() -> chunks.forBatch(batchId).get(0).get("kotaniBatchId") != null);
        assertThat(chunks.forBatch(batchId)).singleElement().satisfies(c -> {
            assertThat(c.get("kotaniBatchId")).isNotNull();
            assertThat((Integer) c.get("attempts")).isEqualTo(1);
        });
        assertOncePerReference(refs);
    }

    @Test
    void failingListingsHoldTheChunkUntilKotaniAnswersThenEveryRowIsReportedOnce() throws Exception {
        // the payout wallet is known before every GET fails (the hub discovers it once, with a GET)
        await().atMost(WAIT).until(() -> wallets.forCurrency("KES", Duration.ofSeconds(1)).walletId() != null);
        post("/sandbox/faults", "{\"dropResponseRate\": 1, \"errorRate\": 1, \"scope\": \"READS\"}");
        List<String> refs = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            refs.add(ref("f" + i));
            lines.add(String.join(",", ref("f" + i), "175", "KES", "mobile_money",
                    String.format("+25473%07d", 4000 + i), "MPESA", "F " + i, "", "", "", ""));
        }
        String batchId = postBatch(lines, "bulk");
        await().atMost(WAIT).until(() -> chunks.forBatch(batchId).stream()
                .anyMatch(c -> "UNKNOWN".equals(c.get("status"))));
        // several reconciliation rounds meet 500s on every listing: the chunk stays unknown, nothing is resent
        Thread.sleep(4000);
        assertThat(chunks.forBatch(batchId)).singleElement().satisfies(c -> {
            assertThat(c.get("status")).isIn("UNKNOWN", "CREATING");
            assertThat(c.get("kotaniBatchId")).isNull();
        });
        post("/sandbox/faults", "{\"errorRate\": 0, \"dropResponseRate\": 0, \"scope\": \"ALL\"}");
        Map<String, Map<String, String>> result = awaitResultOfBatch(batchId, 5);
        assertThat(result.values()).allSatisfy(r -> assertThat(r.get("status")).isEqualTo("SUCCESSFUL"));
        assertOncePerReference(refs);
    }

    @Test
    void aChunkKotaniReportsAsADuplicateUploadIsReconciledBeforeItsCreateAndTheFlagIsShown() throws Exception {
        List<String> refs = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        StringWriter csv = new StringWriter();
        try (CSVPrinter printer = new CSVPrinter(csv, CSVFormat.RFC4180.builder().setHeader("recipient_name",
                "recipient_email", "recipient_phone", "amount", "currency", "reference", "network", "description")
                .get())) {
            for (int i = 1; i <= 3; i++) {
                String phone = String.format("+25474%07d", 5000 + i);
                refs.add(ref("h" + i));
                lines.add(String.join(",", ref("h" + i), "120", "KES", "mobile_money", phone, "MPESA", "H " + i, "",
                        "", "", "Bonus"));
                printer.printRecord("H " + i, bulk.getRecipientEmail(), phone, "120", "KES", ref("h" + i), "MPESA",
                        "Bonus");
            }
        }
        // the same file was uploaded to Kotani before (e.g. from its dashboard)
        JsonNode first = JSON.readTree(upload(csv.toString()));
        assertThat(first.path("isDuplicate").asBoolean()).isFalse();

        String batchId = postBatch(lines, "bulk");
        Map<String, Map<String, String>> result = awaitResultOfBatch(batchId, 3);
        assertThat(result.values()).allSatisfy(r -> assertThat(r.get("status")).isEqualTo("SUCCESSFUL"));
        assertThat(chunks.forBatch(batchId)).singleElement().satisfies(c -> {
            assertThat(c.get("isDuplicate")).isEqualTo(true);
            assertThat(c.get("fileHash")).isEqualTo(first.path("fileHash").asText());
            assertThat(c.get("kotaniBatchId")).isNotNull();
        });
        assertOncePerReference(refs);
    }

    @Test
    void theSameFileDroppedTwiceIsPaidOnce() throws Exception {
        List<String> lines = new ArrayList<>();
        List<String> refs = new ArrayList<>();
        for (int i = 1; i <= 30; i++) {
            refs.add(ref("r" + i));
            lines.add(String.join(",", ref("r" + i), "99", "KES", "mobile_money",
                    String.format("+25475%07d", 6000 + i), "MPESA", "R " + i, "", "", "", ""));
        }
        String name = "bulk-twice-" + run + ".csv";
        drop(name, lines);
        assertThat(awaitResult(name)).hasSize(30);
        String again = "bulk-twice-again-" + run + ".csv";
        drop(again, lines);
        Path duplicateReport = files.getOutbox().resolve("bulk-twice-again-" + run + ".duplicate.csv");
        await().atMost(WAIT).until(() -> Files.exists(duplicateReport)
                || Files.exists(files.getError().resolve(again)));
        assertThat(chunks.forBatch(batchOf(refs.get(0)))).hasSize(3);
        assertOncePerReference(refs);
    }

    @Test
    void autoSendsAFileMixingKesAndTzsInChunksPerCurrency() throws Exception {
        Map<String, String> expected = new LinkedHashMap<>();
        Map<String, String> currencyOf = new LinkedHashMap<>();
        List<String> lines = new ArrayList<>();
        // KES and TZS rows interleaved, as a payroll of two countries would be
        for (int i = 1; i <= 23; i++) {
            String ref = ref("k" + i);
            String phone = i == 5 ? "+254700000010" : String.format("+25476%07d", 7000 + i);
            lines.add(String.join(",", ref, (200 + i) + ".25", "KES", "mobile_money", phone, "MPESA", "K " + i, "", "",
                    "", "Salary"));
            expected.put(ref, i == 5 ? "FAILED" : "SUCCESSFUL");
            currencyOf.put(ref, "KES");
            if (i <= 14) {
                String tz = ref("t" + i);
                String tzPhone = i == 9 ? "+255700000011" : String.format("+25574%07d", 7000 + i);
                lines.add(String.join(",", tz, (15000 + i) + "", "TZS", "mobile_money", tzPhone, "VODACOM",
                        "T " + i, "", "", "", "Salary"));
                expected.put(tz, i == 9 ? "FAILED" : "SUCCESSFUL");
                currencyOf.put(tz, "TZS");
            }
        }
        String name = "bulk-mixed-" + run + ".csv";
        drop(name, lines);
        Map<String, CSVRecord> result = awaitResult(name);
        Map<String, String> statuses = new LinkedHashMap<>();
        result.forEach((ref, rec) -> statuses.put(ref, rec.get("status")));
        assertThat(statuses).as("every row in the result file, once").isEqualTo(expected);
        assertThat(result.get(ref("k5")).get("error_message")).isNotBlank();
        assertThat(result.get(ref("t9")).get("error_message")).isNotBlank();

        String batchId = batchOf(ref("k1"));
        await().atMost(WAIT).until(() -> chunks.forBatch(batchId).stream().allMatch(c -> "DONE".equals(c.get("status"))));
        List<Map<String, Object>> kotaniBatches = chunks.forBatch(batchId);
        Map<String, List<Integer>> rowsPerCurrency = new LinkedHashMap<>();
        kotaniBatches.forEach(c -> rowsPerCurrency.computeIfAbsent((String) c.get("currency"), k -> new ArrayList<>())
                .add((Integer) c.get("rows")));
        assertThat(rowsPerCurrency).as("chunks of at most 10 rows per currency")
                .containsOnly(Map.entry("KES", List.of(10, 10, 3)), Map.entry("TZS", List.of(10, 4)));
        for (Map<String, Object> chunk : kotaniBatches) {
            // each chunk is one Kotani batch of its own currency, with all of the chunk's rows
            JsonNode kotaniBatch = sandboxBulkBatch((String) chunk.get("kotaniBatchId"));
            assertThat(kotaniBatch.path("currency").asText()).isEqualTo(chunk.get("currency"));
            assertThat(kotaniBatch.path("totalPayments").asInt()).isEqualTo(chunk.get("rows"));
        }
        assertThat(jdbc.queryForObject("select count(*) from payments where batch_id = ? and bulk_chunk_id is null",
                Integer.class, batchId)).as("no row went one by one").isZero();

        Map<String, JsonNode> sandbox = sandboxTransactions();
        for (Map.Entry<String, String> row : currencyOf.entrySet()) {
            JsonNode txn = sandbox.get(row.getKey());
            assertThat(txn).as(row.getKey() + " at the sandbox").isNotNull();
            assertThat(txn.path("currency").asText()).as(row.getKey() + " currency").isEqualTo(row.getValue());
            assertThat(txn.path("type").asText()).as(row.getKey() + " via bulk").contains("bulk");
        }
        assertOncePerReference(new ArrayList<>(currencyOf.keySet()));
    }

    @Test
    void aCreateKotaniRefusesForSomeRowsFailsThoseRowsWithItsReasonAndSendsTheOthers() throws Exception {
        List<String> lines = new ArrayList<>();
        List<String> good = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            // +25471234 passes the hub's E.164 check (8 digits) but not Kotani's bulk validator (9 to 15 digits)
            String phone = i == 3 ? "+25471234" : String.format("+25477%07d", 8000 + i);
            lines.add(String.join(",", ref("v" + i), "130", "KES", "mobile_money", phone, "MPESA", "V " + i, "", "",
                    "", ""));
            if (i != 3) {
                good.add(ref("v" + i));
            }
        }
        String batchId = postBatch(lines, "bulk");
        Map<String, Map<String, String>> result = awaitResultOfBatch(batchId, 5);
        Map<String, String> refused = result.get(ref("v3"));
        assertThat(refused.get("status")).isEqualTo("FAILED");
        assertThat(refused.get("error_code")).isEqualTo("HTTP_400");
        assertThat(refused.get("error_message")).contains("Kotani refused this row", "recipientPhone",
                "valid phone number");
        for (String ref : good) {
            assertThat(result.get(ref).get("status")).as(ref).isEqualTo("SUCCESSFUL");
        }
        await().atMost(WAIT).until(() -> "DONE".equals(chunks.forBatch(batchId).get(0).get("status")));
        assertThat(chunks.forBatch(batchId)).singleElement().satisfies(c -> {
            assertThat(c.get("kotaniBatchId")).isNotNull();
            assertThat((Integer) c.get("attempts")).as("the refused call, then the call without the refused row")
                    .isEqualTo(2);
        });
        Map<String, JsonNode> sandbox = sandboxTransactions();
        assertThat(sandbox).as("nothing created for the refused row").doesNotContainKey(ref("v3"));
        assertThat(sandboxBulkBatch((String) chunks.forBatch(batchId).get(0).get("kotaniBatchId"))
                .path("totalPayments").asInt()).isEqualTo(4);
        for (String ref : good) {
            JsonNode txn = sandbox.get(ref);
            assertThat(txn).as(ref + " at the sandbox").isNotNull();
            assertThat(txn.path("createCalls").asInt()).as(ref + " created once").isEqualTo(1);
            // named by the refused request (which created nothing) and by the one Kotani took
            assertThat(txn.path("bulkCreateRequests").asInt()).as(ref + " bulk create requests").isEqualTo(2);
        }
    }

    @Test
    void aCreateKotaniRefusesAsAWholeFailsEveryRowOfTheChunkWithKotanisMessage() throws Exception {
        // the hub knows its GHS payout wallet; then Kotani locks it (§8.1: a locked wallet cannot transact)
        String wallet = await().atMost(WAIT).until(() -> wallets.forCurrency("GHS", Duration.ofSeconds(1)).walletId(),
                java.util.Objects::nonNull);
        lockWallet(wallet, true);
        try {
            List<String> lines = new ArrayList<>();
            for (int i = 1; i <= 4; i++) {
                lines.add(String.join(",", ref("g" + i), "45", "GHS", "mobile_money",
                        String.format("+23324%07d", 9000 + i), "MTN", "Mensah " + i, "", "", "", ""));
            }
            String batchId = postBatch(lines, "bulk");
            Map<String, Map<String, String>> result = awaitResultOfBatch(batchId, 4);
            for (Map<String, String> rec : result.values()) {
                assertThat(rec.get("status")).isEqualTo("FAILED");
                assertThat(rec.get("error_code")).isEqualTo("HTTP_400");
                assertThat(rec.get("error_message")).contains("Kotani refused the whole bulk chunk (4 rows, HTTP 400)",
                        "walletSelections", "locked");
            }
            assertThat(chunks.forBatch(batchId)).singleElement().satisfies(c -> {
                assertThat(c.get("status")).isEqualTo("FAILED");
                assertThat(c.get("kotaniBatchId")).isNull();
            });
            Map<String, JsonNode> sandbox = sandboxTransactions();
            for (String ref : result.keySet()) {
                assertThat(sandbox).as("nothing created for " + ref).doesNotContainKey(ref);
            }
        } finally {
            lockWallet(wallet, false);
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    String ref(String suffix) {
        return "B" + run + "-" + suffix;
    }

    void drop(String name, List<String> lines) throws Exception {
        Files.createDirectories(files.getInbox());
        Path tmp = files.getInbox().getParent().resolve(name + ".tmp");
        Files.writeString(tmp, HEADER + "\n" + String.join("\n", lines) + "\n");
        Files.move(tmp, files.getInbox().resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    Map<String, CSVRecord> awaitResult(String name) throws Exception {
        Path result = files.getOutbox().resolve(name.replace(".csv", ".result.csv"));
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> Files.exists(result));
        return read(Files.readString(result));
    }

    /** A REST batch's results once final (GET /api/v1/batches/{id}): reference → status, error_code, error_message. */
    Map<String, Map<String, String>> awaitResultOfBatch(String batchId, int rows) throws Exception {
        JsonNode[] body = new JsonNode[1];
        await().atMost(WAIT).pollInterval(Duration.ofMillis(300)).until(() -> {
            HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hubPort
                    + "/api/v1/batches/" + batchId + "?limit=1000")).header("Authorization", "Bearer hub_dev_key")
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            body[0] = JSON.readTree(answer.body());
            return answer.statusCode() == 200 && body[0].path("final").asBoolean();
        });
        Map<String, Map<String, String>> result = new LinkedHashMap<>();
        for (JsonNode row : body[0].path("results")) {
            Map<String, String> fields = new LinkedHashMap<>();
            fields.put("status", row.path("status").asText());
            fields.put("error_code", row.path("errorCode").asText(""));
            fields.put("error_message", row.path("errorMessage").asText(""));
            assertThat(result.put(row.path("reference").asText(), fields)).as("reported once").isNull();
        }
        assertThat(result).hasSize(rows);
        return result;
    }

    private static Map<String, CSVRecord> read(String csv) throws Exception {
        Map<String, CSVRecord> out = new LinkedHashMap<>();
        try (Reader reader = new java.io.StringReader(csv);
             CSVParser parser = CSVParser.builder().setReader(reader)
                     .setFormat(CSVFormat.RFC4180.builder().setHeader().get()).get()) {
            for (CSVRecord rec : parser) {
                assertThat(out.put(rec.get("reference"), rec)).as("reported once: " + rec.get("reference")).isNull();
            }
        }
        return out;
    }

    String postBatch(List<String> lines, String mode) throws Exception {
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hubPort
                        + "/api/v1/batches?dispatchMode=" + mode))
                .header("Authorization", "Bearer hub_dev_key").header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofString(HEADER + "\n" + String.join("\n", lines) + "\n"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        return JSON.readTree(answer.body()).path("id").asText();
    }

    String batchOf(String reference) {
        return jdbc.queryForObject("select batch_id from payments where reference = ?", String.class, reference);
    }

    void assertOncePerReference(List<String> refs) throws Exception {
        Map<String, JsonNode> sandbox = sandboxTransactions();
        for (String ref : refs) {
            JsonNode txn = sandbox.get(ref);
            assertThat(txn).as(ref + " at the sandbox").isNotNull();
            assertThat(txn.path("createCalls").asInt()).as(ref + " created once").isEqualTo(1);
            assertThat(txn.path("bulkCreateRequests").asInt()).as(ref + " in one bulk create request")
                    .isEqualTo(1);
        }
    }

    Map<String, JsonNode> sandboxTransactions() throws Exception {
        JsonNode all = JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sandboxPort
                + "/sandbox/transactions")).GET().build(), HttpResponse.BodyHandlers.ofString()).body());
        Map<String, JsonNode> out = new LinkedHashMap<>();
        all.path("transactions").forEach(t -> out.put(t.path("reference").asText(), t));
        return out;
    }

    /** Kotani's view of one of its bulk batches (§15.4). */
    JsonNode sandboxBulkBatch(String kotaniBatchId) throws Exception {
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sandboxPort
                        + "/api/v3/dashboard/bulk-payments/api/batches/" + kotaniBatchId))
                .header("Authorization", "Bearer sk_sandbox_local").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(answer.body());
        return body.has("data") && body.path("data").isObject() ? body.path("data") : body;
    }

    /** Locks or unlocks a fiat wallet through Kotani's API (§8.1 PATCH). */
    void lockWallet(String walletId, boolean locked) throws Exception {
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sandboxPort
                        + "/api/v3/wallet/fiat/" + walletId))
                .header("Authorization", "Bearer sk_sandbox_local").header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"name\": \"GHS payouts\", \"locked\": "
                        + locked + "}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    }

    void post(String path, String json) throws Exception {
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sandboxPort
                + path)).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    }

    String upload(String csv) throws Exception {
        String boundary = "test" + run;
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x.csv\"\r\n"
                + "Content-Type: text/csv\r\n\r\n" + csv + "\r\n--" + boundary + "--\r\n";
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sandboxPort
                        + "/api/v3/dashboard/bulk-payments/api/validate-csv"))
                .header("Authorization", "Bearer sk_sandbox_local")
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return answer.body();
    }
}

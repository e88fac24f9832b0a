package io.kotanihub.ingest.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kotanihub.common.logging.LogText;
import io.kotanihub.dispatch.IntakeItem;
import io.kotanihub.dispatch.PaymentIntake;
import io.kotanihub.ingest.file.FileDropProperties.InvalidRows;
import io.kotanihub.ledger.BatchRepository;
import io.kotanihub.ledger.BatchRepository.Batch;
import io.kotanihub.ledger.Payment;
import io.kotanihub.ledger.PaymentRepository;
import io.kotanihub.model.PaymentStatus;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The file drop end to end: real files in folders under {@code target/}, the whole hub (routes, ledger, dispatch)
 * and the embedded Kotani sandbox over real HTTP. Subclasses pick the database (H2, PostgreSQL).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE, properties = {
        "hub.sandbox.port=0",
        "hub.sandbox.settle-delay=200ms",
        "hub.sandbox.step-delay=50ms",
        "hub.sandbox.rate-limits.enabled=false",
        "hub.kotani.throttle.enabled=false",
        "hub.files.poll-delay=100ms",
        "hub.files.stable-for=300ms",
        "hub.files.result-check-interval=200ms",
        "hub.files.result-timeout=8s",
        "hub.files.chunk-size=7",
        "hub.dispatch.status-check-min=200ms",
        "hub.dispatch.status-check-max=1s",
        "hub.dispatch.poll-interval=100ms",
        "spring.datasource.url=jdbc:h2:mem:file-drop;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1"})
@ExtendWith(OutputCaptureExtension.class)
abstract class FileDropTestBase {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Duration WAIT = Duration.ofSeconds(30);

    static final String HEADER = "reference,amount,currency,method,phone,network,name,country,bank_code,"
            + "account_number,paybill_number,account_reference,till_number,narration";

    @DynamicPropertySource
    static void folders(DynamicPropertyRegistry registry) {
        Path root = Path.of("target", "file-drop-" + UUID.randomUUID().toString().substring(0, 8)).toAbsolutePath();
        registry.add("hub.files.inbox", () -> root.resolve("inbox").toString());
        registry.add("hub.files.outbox", () -> root.resolve("outbox").toString());
        registry.add("hub.files.archive", () -> root.resolve("archive").toString());
        registry.add("hub.files.error", () -> root.resolve("error").toString());
    }

    @Autowired
    FileDropProperties files;

    @Autowired
    BatchRepository batches;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    PaymentIntake intake;

    @Autowired
    PaymentRepository payments;

    @Value("${hub.sandbox.port}")
    int sandboxPort;

    /** Unique per test, so that references and file names never collide between tests. */
    String run;

    @BeforeEach
    void reset() {
        run = UUID.randomUUID().toString().substring(0, 6);
        files.setInvalidRows(InvalidRows.REJECT_FILE);
        files.setRequireDoneMarker(false);
    }

    // ------------------------------------------------------------------------------------------------ the 50 rows

    /** One row of a test file with the status the sandbox's tables predict for it. */
    record Row(String csv, String reference, String expected) { }

    /**
     * 50 rows: every reserved phone outcome of §21 in four countries, ordinary numbers, Kenyan bank rows (success
     * and the failing account numbers), paybill and till rows (success, unknown business number, provider error),
     * names, narrations and account references with commas and quotes.
     */
    List<Row> fiftyRows() {
        List<Row> rows = new ArrayList<>();
        Map<String, String> outcomes = new LinkedHashMap<>();
        outcomes.put("700000001", "SUCCESSFUL");
        outcomes.put("700000002", "SUCCESSFUL");
        outcomes.put("700000010", "FAILED");
        outcomes.put("700000011", "FAILED");
        outcomes.put("700000012", "FAILED");
        outcomes.put("700000013", "CANCELLED");
        outcomes.put("700000020", "PENDING");
        outcomes.put("700000021", "SUCCESSFUL");
        String[][] countries = {{"254", "KES", "MPESA", "1500.50"}, {"256", "UGX", "MTN", "25000"},
                {"255", "TZS", "VODACOM", "12000.25"}, {"233", "GHS", "MTN", "80.75"}};
        int n = 0;
        for (String[] c : countries) {
            for (Map.Entry<String, String> outcome : outcomes.entrySet()) {
                String ref = ref("m" + (++n));
                rows.add(new Row(String.join(",", ref, c[3], c[1], "mobile_money", "+" + c[0] + outcome.getKey(),
                        c[2], "\"Doe, Jane " + n + "\"", "", "", "", "", "", "",
                        "\"Salary, July \"\"" + n + "\"\"\""), ref, outcome.getValue()));
            }
        }
        for (String phone : List.of("+254712345678", "+254722000111", "+256772000111", "+255742000111")) {
            String ref = ref("m" + (++n));
            String[] c = phone.startsWith("+254") ? countries[0] : phone.startsWith("+256") ? countries[1] : countries[2];
            rows.add(new Row(String.join(",", ref, c[3], c[1], "", phone, c[2], "Plain Name", "", "", "", "", "", "",
                    ""), ref, "SUCCESSFUL"));
        }
        String[][] banks = {{"1000000001", "SUCCESSFUL"}, {"1000000002", "SUCCESSFUL"}, {"2000000123", "SUCCESSFUL"},
                {"1000000005", "FAILED"}, {"1000000006", "FAILED"}, {"1000000007", "FAILED"}};
        for (String[] bank : banks) {
            String ref = ref("b" + (++n));
            rows.add(new Row(String.join(",", ref, "2500", "KES", "bank", "", "", "\"Smith, Robert\"", "KE", "01",
                    bank[0], "", "", "", "\"Invoice 7, part 2\""), ref, bank[1]));
        }
        String[][] paybills = {{"400200", "SUCCESSFUL"}, {"100001", "SUCCESSFUL"}, {"100002", "FAILED"},
                {"100003", "FAILED"}, {"888880", "SUCCESSFUL"}};
        for (String[] paybill : paybills) {
            String ref = ref("p" + (++n));
            rows.add(new Row(String.join(",", ref, "999.99", "KES", "paybill", "", "", "", "KE", "", "",
                    paybill[0], "\"ACC-1, ref\"", "", ""), ref, paybill[1]));
        }
        String[][] tills = {{"174379", "SUCCESSFUL"}, {"100002", "FAILED"}, {"100001", "SUCCESSFUL"}};
        for (String[] till : tills) {
            String ref = ref("t" + (++n));
            rows.add(new Row(String.join(",", ref, "350", "KES", "till", "", "", "", "KE", "", "", "", "", till[0],
                    ""), ref, till[1]));
        }
        assertThat(rows).hasSize(50);
        return rows;
    }

    String ref(String suffix) {
        return "T" + run + "-" + suffix;
    }

    // ------------------------------------------------------------------------------------------------ tests

    @Test
    void aFinalRowCorrectedAfterTheResultWasWrittenIsWrittenAgain() throws Exception {
        String cancelled = ref("late");
        String ok = ref("fine");
        String name = "corrected-" + run + ".csv";
        drop(name, HEADER + "\n" + String.join(",", cancelled, "120", "KES", "mobile_money", "+254700000013", "MPESA",
                "Jane Doe", "", "", "", "", "", "", "") + "\n" + String.join(",", ok, "80", "KES", "mobile_money",
                "+254700000001", "MPESA", "Jane Doe", "", "", "", "", "", "", "") + "\n");
        assertThat(awaitReport(name, "result", WAIT).byReference().get(cancelled).get("status")).isEqualTo("CANCELLED");
        assertThat(batchOf(name).status()).isEqualTo(BatchRepository.COMPLETED);

        // Kotani's late correction (REFERENCE §19.5), applied to the ledger as the status checker applies it
        await().atMost(WAIT).until(() -> {
            Payment current = payments.findByReference(cancelled).orElseThrow();
            return payments.update(current, current.withStatus(PaymentStatus.SUCCESSFUL)
                    .withKotani(current.kotaniId(), "SUCCESSFUL").withError(null, null), "late correction")
                    .isPresent();
        });

        Path result = outbox(name, "result");
        await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            Map<String, CSVRecord> rows = awaitReport(name, "result", WAIT).byReference();
            assertThat(rows.get(cancelled).get("status")).isEqualTo("SUCCESSFUL");
            assertThat(rows.get(ok).get("status")).isEqualTo("SUCCESSFUL");
        });
        assertThat(Files.exists(result)).isTrue();
        await().atMost(WAIT).until(() -> BatchRepository.COMPLETED.equals(batchOf(name).status()));
    }

    @Test
    void theFiftyRowFileEndsWithTheStatusesTheSandboxPredictsAndOneCreatePerReference() throws Exception {
        List<Row> rows = fiftyRows();
        String name = "payroll-" + run + ".csv";
        drop(name, "\uFEFF" + HEADER + "\r\n" + rows.stream().map(Row::csv).collect(Collectors.joining("\r\n"))
                + "\r\n");

        Report result = awaitReport(name, "result", Duration.ofSeconds(60));
        assertThat(result.header()).containsExactly(BatchResults.COLUMNS);
        Map<String, CSVRecord> byReference = result.byReference();
        assertThat(byReference).hasSize(50);
        for (Row row : rows) {
            CSVRecord line = byReference.get(row.reference());
            assertThat(line).as(row.reference()).isNotNull();
            if (row.expected().equals("PENDING")) {
                assertThat(line.get("status")).as(row.reference()).isIn("SUBMITTED", "PROCESSING");
            } else {
                assertThat(line.get("status")).as(row.reference() + " " + line).isEqualTo(row.expected());
            }
            assertThat(line.get("kotani_id")).as(row.reference()).isNotBlank();
            if (row.expected().equals("FAILED")) {
                assertThat(line.get("error_message")).as(row.reference()).isNotBlank();
            }
            if (row.expected().equals("SUCCESSFUL")) {
                assertThat(line.get("completed_at")).as(row.reference()).isNotBlank();
            }
        }
        assertThat(byReference.get(ref("m1")).get("amount")).isEqualTo("1500.50");
        assertThat(byReference.get(ref("m9")).get("amount")).isEqualTo("25000");
        assertThat(byReference.get(ref("m9")).get("currency")).isEqualTo("UGX");

        Map<String, Integer> creates = sandboxCreateCalls();
        for (Row row : rows) {
            assertThat(creates.get(row.reference())).as("create calls for " + row.reference()).isEqualTo(1);
        }
        assertThat(Files.exists(files.getArchive().resolve(name))).isTrue();
        assertThat(Files.exists(files.getInbox().resolve(name))).isFalse();
        assertThat(Files.exists(outbox(name, "validation"))).isFalse();
        Batch batch = batchOf(name);
        assertThat(batch.status()).isEqualTo(BatchRepository.COMPLETED);
        assertThat(batch.totalRows()).isEqualTo(50);
        assertThat(batch.validRows()).isEqualTo(50);
        assertThat(batch.dispatchedRows()).isEqualTo(50);
        assertThat(batch.resultFile()).endsWith(name.replace(".csv", ".result.csv"));
    }

    @Test
    void anInvalidFileIsReportedRowByRowAndNothingIsPaid() throws Exception {
        String name = "invalid-" + run + ".csv";
        drop(name, HEADER + "\n"
                + ref("ok1") + ",100,KES,,+254700000001,MPESA,Jane,,,,,,,\n"
                + ",-5,KES,,0712345678,,Jane,,,,,,,\n"
                + ref("bad2") + ",10.001,XYZ,bank,,,,,,,,,,\n"
                + ref("ok1") + ",100,KES,,+254700000002,MPESA,Jane,,,,,,,\n"
                + ref("bad4") + ",10,KES,paybill,,,,KE,,,12,,,\n");
        Report report = awaitReport(name, "validation", WAIT);
        assertThat(report.header()).containsExactly("row", "reference", "field", "error");
        Map<String, List<String>> fieldsByRow = report.rows().stream().collect(Collectors.groupingBy(
                r -> r.get(0), LinkedHashMap::new, Collectors.mapping(r -> r.get(2), Collectors.toList())));
        assertThat(fieldsByRow.keySet()).containsExactlyInAnyOrder("3", "4", "5", "6");
        assertThat(fieldsByRow.get("3")).containsExactlyInAnyOrder("reference", "amount", "phone", "network",
                "country");
        assertThat(fieldsByRow.get("4")).containsExactlyInAnyOrder("currency", "country", "bank_code",
                "account_number", "name");
        assertThat(fieldsByRow.get("5")).containsExactly("reference");
        assertThat(report.rows().stream().filter(r -> r.get(0).equals("5")).findFirst().orElseThrow().get(3))
                .contains("first in row 2");
        assertThat(fieldsByRow.get("6")).containsExactlyInAnyOrder("paybill_number", "account_reference");

        await().atMost(WAIT).until(() -> Files.exists(files.getError().resolve(name)));
        assertThat(Files.exists(outbox(name, "result"))).isFalse();
        Batch batch = batchOf(name);
        assertThat(batch.status()).isEqualTo(BatchRepository.REJECTED);
        assertThat(batch.totalRows()).isEqualTo(5);
        assertThat(batch.invalidRows()).isEqualTo(4);
        assertThat(ledgerCount(name)).isZero();
        assertThat(sandboxCreateCalls().keySet()).noneMatch(r -> r.startsWith("T" + run));
    }

    @Test
    void aFileThatIsNotAPayoutCsvIsRejectedWithAReport() throws Exception {
        String noAmount = "columns-" + run + ".csv";
        drop(noAmount, "reference,currency,phone\n" + ref("x1") + ",KES,+254700000001\n");
        Report report = awaitReport(noAmount, "validation", WAIT);
        assertThat(report.rows()).extracting(r -> r.get("row") + ":" + r.get("field")).containsExactly("1:amount");
        await().atMost(WAIT).until(() -> Files.exists(files.getError().resolve(noAmount)));

        String latin1 = "latin1-" + run + ".csv";
        Files.createDirectories(files.getInbox());
        Path tmp = files.getInbox().resolve(latin1 + ".tmp");
        Files.write(tmp, (HEADER + "\n" + ref("x2") + ",100,KES,,+254700000001,MPESA,Jos\u00e9,,,,,,,\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        Files.move(tmp, files.getInbox().resolve(latin1), StandardCopyOption.ATOMIC_MOVE);
        assertThat(awaitReport(latin1, "validation", WAIT).rows()).singleElement()
                .satisfies(r -> assertThat(r.get("error")).contains("UTF-8"));
        await().atMost(WAIT).until(() -> Files.exists(files.getError().resolve(latin1)));
        assertThat(batchOf(latin1).status()).isEqualTo(BatchRepository.REJECTED);
        assertThat(sandboxCreateCalls().keySet()).noneMatch(r -> r.startsWith("T" + run));
    }

    @Test
    void aFileTheParserCannotReadEndsOnceWithAReportInTheErrorFolderAndNothingPaid(CapturedOutput output)
            throws Exception {
        String unbalanced = "unbalanced-" + run + ".csv";
        drop(unbalanced, HEADER + "\n"
                + ref("q1") + ",100,KES,,+254700000001,MPESA,Jane,,,,,,,\n"
                + ref("q2") + ",100,KES,,+254700000001,MPESA,\"Jane,,,,,,,\n"
                + ref("q3") + ",100,KES,,+254700000001,MPESA,Jane,,,,,,,\n");
        assertThat(awaitReport(unbalanced, "validation", WAIT).rows()).singleElement().satisfies(r -> {
            assertThat(r.get("row")).isEqualTo("3");
            assertThat(r.get("field")).isEqualTo("file");
            assertThat(r.get("error")).contains("never closed");
        });
        String binary = "binary-" + run + ".csv";
        Files.createDirectories(files.getInbox());
        Path tmp = files.getInbox().resolve(binary + ".tmp");
        Files.write(tmp, new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, (byte) 0xff});
        Files.move(tmp, files.getInbox().resolve(binary), StandardCopyOption.ATOMIC_MOVE);
        assertThat(awaitReport(binary, "validation", WAIT).rows()).singleElement()
                .satisfies(r -> assertThat(r.get("error")).contains("UTF-8"));

        for (String name : List.of(unbalanced, binary)) {
            await().atMost(WAIT).until(() -> Files.exists(files.getError().resolve(name)));
            assertThat(files.getInbox().resolve(name)).doesNotExist();
            assertThat(batchOf(name).status()).isEqualTo(BatchRepository.REJECTED);
            assertThat(ledgerCount(name)).isZero();
        }
        await().pollDelay(Duration.ofSeconds(1)).atMost(WAIT).until(() -> true);
        assertThat(sandboxCreateCalls().keySet()).noneMatch(r -> r.startsWith("T" + run));
        String log = output.getAll();
        for (String name : List.of(unbalanced, binary)) {
            assertThat(log.lines().filter(l -> l.contains(name) && l.contains("rejected")))
                    .as("the rejection of %s is logged once, not at every poll", name).hasSize(1);
            assertThat(log.lines().filter(l -> l.contains(name) && l.contains("new batch"))).hasSize(1);
        }
        assertThat(log).as("no stack trace of the parser").doesNotContain("at org.apache.commons.csv");
        assertThat(jdbc.queryForObject("select count(*) from batches where file_name in (?, ?)", Integer.class,
                unbalanced, binary)).isEqualTo(2);
    }

    @Test
    void aHeaderOfFiftyThousandColumnsCannotFloodTheLog(CapturedOutput output) throws Exception {
        String name = "wide-" + run + ".csv";
        StringBuilder header = new StringBuilder("reference,amount,currency,phone,network");
        for (int i = 0; i < 50_000; i++) {
            header.append(",extra_column_").append(i);
        }
        drop(name, header + "\n" + ref("w1") + ",100,KES,+254700000001,MPESA\n");
        assertThat(awaitReport(name, "validation", WAIT).rows()).singleElement().satisfies(r -> {
            assertThat(r.get("row")).isEqualTo("2");
            assertThat(r.get("field")).isEqualTo("row");
            assertThat(r.get("error")).contains("50005");
        });
        await().atMost(WAIT).until(() -> Files.exists(files.getError().resolve(name)));
        assertThat(sandboxCreateCalls()).doesNotContainKey(ref("w1"));
        List<String> lines = output.getAll().lines().toList();
        assertThat(lines).allSatisfy(line -> assertThat(line.length()).as(line.substring(0, Math.min(200,
                line.length()))).isLessThanOrEqualTo(LogText.MAX_MESSAGE + 300));
        assertThat(lines).filteredOn(l -> l.contains(name) && l.contains("not payout columns")).singleElement()
                .satisfies(l -> assertThat(l).contains("ignoring 50000 column(s)").contains("and 49995 more"));
    }

    @Test
    void theSameFileAgainPaysNothingAndANewFileReusingAReferenceReportsItDuplicate() throws Exception {
        String content = HEADER + "\n"
                + ref("a") + ",100,KES,,+254700000001,MPESA,Jane,,,,,,,\n"
                + ref("b") + ",200,KES,,+254700000002,MPESA,Rob,,,,,,,\n";
        String first = "first-" + run + ".csv";
        drop(first, content);
        awaitReport(first, "result", WAIT);

        String again = "again-" + run + ".csv";
        drop(again, content);
        Report duplicate = awaitReport(again, "duplicate", WAIT);
        assertThat(duplicate.rows()).singleElement().satisfies(r -> {
            assertThat(r.get("batch_id")).isEqualTo(batchOf(first).id());
            assertThat(r.get("first_file")).isEqualTo(first);
        });
        await().atMost(WAIT).until(() -> Files.exists(files.getError().resolve(again)));
        assertThat(Files.exists(outbox(again, "result"))).isFalse();

        String reuse = "reuse-" + run + ".csv";
        drop(reuse, HEADER + "\n"
                + ref("c") + ",300,KES,,+254700000001,MPESA,Jane,,,,,,,\n"
                + ref("a") + ",999,KES,,+254700000001,MPESA,Jane,,,,,,,\n"
                + ref("b") + ",200,KES,,+254700000002,MPESA,Rob,,,,,,,\n");
        Map<String, CSVRecord> byReference = awaitReport(reuse, "result", WAIT).byReference();
        assertThat(byReference.get(ref("c")).get("status")).isEqualTo("SUCCESSFUL");
        assertThat(byReference.get(ref("a")).get("status")).isEqualTo("DUPLICATE");
        assertThat(byReference.get(ref("a")).get("amount")).isEqualTo("999.00");
        assertThat(byReference.get(ref("a")).get("error_message")).contains(batchOf(first).id());
        assertThat(byReference.get(ref("b")).get("status")).isEqualTo("DUPLICATE");
        assertThat(batchOf(reuse).duplicateRows()).isEqualTo(2);

        Map<String, Integer> creates = sandboxCreateCalls();
        assertThat(creates.get(ref("a"))).isEqualTo(1);
        assertThat(creates.get(ref("b"))).isEqualTo(1);
        assertThat(creates.get(ref("c"))).isEqualTo(1);
    }

    @Test
    void skipRowsPaysTheValidRowsAndReportsTheOthers() throws Exception {
        files.setInvalidRows(InvalidRows.SKIP_ROWS);
        String name = "skip-" + run + ".csv";
        drop(name, HEADER + "\n"
                + ref("ok1") + ",100,KES,,+254700000001,MPESA,Jane,,,,,,,\n"
                + ref("bad") + ",0,KES,,+254700000001,MPESA,Jane,,,,,,,\n"
                + ref("ok2") + ",100,KES,,+254700000010,MPESA,Jane,,,,,,,\n"
                + ref("ok1") + ",100,KES,,+254700000001,MPESA,Jane,,,,,,,\n");
        Report report = awaitReport(name, "validation", WAIT);
        assertThat(report.rows().stream().map(r -> r.get(0) + ":" + r.get(2)))
                .containsExactlyInAnyOrder("3:amount", "5:reference");
        Report result = awaitReport(name, "result", WAIT);
        assertThat(result.rows().stream().map(r -> r.get(0) + ":" + r.get(1))).containsExactly(
                ref("ok1") + ":SUCCESSFUL", ref("bad") + ":INVALID", ref("ok2") + ":FAILED",
                ref("ok1") + ":INVALID");
        Map<String, Integer> creates = sandboxCreateCalls();
        assertThat(creates.get(ref("ok1"))).isEqualTo(1);
        assertThat(creates.get(ref("ok2"))).isEqualTo(1);
        assertThat(creates).doesNotContainKey(ref("bad"));
        assertThat(Files.exists(files.getArchive().resolve(name))).isTrue();
        Batch batch = batchOf(name);
        assertThat(batch.validRows()).isEqualTo(2);
        assertThat(batch.invalidRows()).isEqualTo(2);
    }

    @Test
    void aFileIsReadOnlyWhenCompleteByRenameOrByDoneMarker() throws Exception {
        String rows = HEADER + "\n" + ref("r1") + ",100,KES,,+254700000001,MPESA,Jane,,,,,,,\n";
        String renamed = "renamed-" + run + ".csv";
        Path partial = files.getInbox().resolve(renamed + ".part");
        Files.createDirectories(files.getInbox());
        Files.writeString(partial, rows.substring(0, 40));
        Path hidden = files.getInbox().resolve("." + renamed);
        Files.writeString(hidden, rows);
        Path tmp = files.getInbox().resolve(renamed + ".tmp");
        Files.writeString(tmp, rows);
        await().pollDelay(Duration.ofMillis(1200)).atMost(WAIT).until(() -> true);
        assertThat(batchByName(renamed)).isEmpty();
        assertThat(partial).exists();
        assertThat(hidden).exists();
        assertThat(tmp).exists();
        Files.writeString(partial, rows);
        Files.move(partial, files.getInbox().resolve(renamed), StandardCopyOption.ATOMIC_MOVE);
        assertThat(awaitReport(renamed, "result", WAIT).rows()).hasSize(1);
        Files.delete(hidden);
        Files.delete(tmp);

        files.setRequireDoneMarker(true);
        String marked = "marked-" + run + ".csv";
        Files.writeString(files.getInbox().resolve(marked),
                HEADER + "\n" + ref("r2") + ",100,KES,,+254700000001,MPESA,Jane,,,,,,,\n");
        await().pollDelay(Duration.ofMillis(1200)).atMost(WAIT).until(() -> true);
        assertThat(batchByName(marked)).isEmpty();
        Files.createFile(files.getInbox().resolve(marked + ".done"));
        assertThat(awaitReport(marked, "result", WAIT).rows()).hasSize(1);
        assertThat(files.getInbox().resolve(marked + ".done")).doesNotExist();
        assertThat(files.getArchive().resolve(marked)).exists();
    }

    @Test
    void reportCellsThatLookLikeFormulasAreNeutralised() throws Exception {
        String name = "formula-" + run + ".csv";
        drop(name, HEADER + "\n"
                + "\"=HYPERLINK(\"\"http://evil\"\")\",100,KES,,+254700000001,MPESA,Jane,,,,,,,\n"
                + "+254700000001,100,KES,,+254700000001,MPESA,Jane,,,,,,,\n"
                + "@SUM(A1),100,KES,,+254700000001,MPESA,Jane,,,,,,,\n"
                + "-10,100,KES,,+254700000001,MPESA,Jane,,,,,,,\n");
        Report report = awaitReport(name, "validation", WAIT);
        assertThat(report.rows().stream().map(r -> r.get(1))).containsExactly(
                "'=HYPERLINK(\"http://evil\")", "'+254700000001", "'@SUM(A1)", "'-10");
        String raw = Files.readString(outbox(name, "validation"));
        assertThat(raw.lines().skip(1)).allSatisfy(line -> assertThat(line).doesNotStartWith("=")
                .doesNotStartWith("+").doesNotStartWith("-").doesNotStartWith("@"));
    }

    @Test
    void progressAndCountsAreInTheLedger() throws Exception {
        String name = "counts-" + run + ".csv";
        StringBuilder content = new StringBuilder(HEADER).append('\n');
        for (int i = 0; i < 30; i++) {
            content.append(ref("c" + i)).append(",10,KES,,+2547000000").append(i % 2 == 0 ? "01" : "10")
                    .append(",MPESA,Jane,,,,,,,\n");
        }
        drop(name, content.toString());
        awaitReport(name, "result", WAIT);
        Batch batch = batchOf(name);
        assertThat(batch.totalRows()).isEqualTo(30);
        assertThat(batch.dispatchedRows()).isEqualTo(30);
        assertThat(batches.countsByStatus(batch.id())).containsEntry("SUCCESSFUL", 15L).containsEntry("FAILED", 15L);
    }

    @Test
    void aBatchLeftUnfinishedByAStoppedInstanceIsResumedWithoutPayingAnyRowTwice() throws Exception {
        String name = "resume-" + run + ".csv";
        String content = HEADER + "\n"
                + ref("r1") + ",100,KES,,+254700000001,MPESA,Jane,,,,,,,\n"
                + ref("r2") + ",200,KES,,+254700000010,MPESA,Rob,,,,,,,\n"
                + ref("r3") + ",300,KES,,+254700000001,MPESA,Ann,,,,,,,\n";
        String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(content.getBytes(StandardCharsets.UTF_8)));
        String batchId = "dead-" + run;
        jdbc.update("insert into batches (id, source, file_name, file_hash, status, claimed_by, heartbeat_at, "
                + "created_at, updated_at) values (?, 'FILE', ?, ?, 'DISPATCHING', 'stopped-instance', ?, ?, ?)",
                batchId, name, hash, OffsetDateTime.now(ZoneOffset.UTC), OffsetDateTime.now(ZoneOffset.UTC),
                OffsetDateTime.now(ZoneOffset.UTC));
        List<IntakeItem> before = new ArrayList<>();
        try (PayoutCsv csv = PayoutCsv.open(new java.io.ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)))) {
            PayoutRow first = csv.rows().next();
            before.add(new IntakeItem(first.command(), first.row()));
        }
        intake.acceptAll(before, FileBatchProcessor.SOURCE, batchId);

        drop(name, content);
        await().pollDelay(Duration.ofMillis(800)).atMost(WAIT).until(() -> true);
        assertThat(files.getInbox().resolve(name)).as("left alone while its owner looks alive").exists();
        assertThat(batchOf(name).claimedBy()).isEqualTo("stopped-instance");

        jdbc.update("update batches set heartbeat_at = ? where id = ?",
                OffsetDateTime.now(ZoneOffset.UTC).minusHours(1), batchId);
        Map<String, CSVRecord> result = awaitReport(name, "result", WAIT).byReference();
        assertThat(result).hasSize(3);
        assertThat(result.get(ref("r1")).get("status")).isEqualTo("SUCCESSFUL");
        assertThat(result.get(ref("r2")).get("status")).isEqualTo("FAILED");
        assertThat(result.get(ref("r3")).get("status")).isEqualTo("SUCCESSFUL");
        Batch batch = batchOf(name);
        assertThat(batch.id()).isEqualTo(batchId);
        assertThat(batch.dispatchedRows()).isEqualTo(3);
        assertThat(batch.duplicateRows()).isZero();
        Map<String, Integer> creates = sandboxCreateCalls();
        assertThat(creates.get(ref("r1"))).isEqualTo(1);
        assertThat(creates.get(ref("r2"))).isEqualTo(1);
        assertThat(creates.get(ref("r3"))).isEqualTo(1);
        assertThat(files.getArchive().resolve(name)).exists();
    }

    @Test
    void theExampleFilesWorkAsTheExamplesReadmeSays() throws Exception {
        Map<String, Map<String, String>> expected = Map.of(
                "payroll-kenya.csv", Map.of("PAYROLL-2025-07-004", "FAILED", "PAYROLL-2025-07-005", "CANCELLED"),
                "suppliers-kenya.csv", Map.of("SUP-2025-0421", "FAILED"),
                "east-africa.csv", Map.of());
        for (Map.Entry<String, Map<String, String>> example : expected.entrySet()) {
            String name = example.getKey();
            Files.createDirectories(files.getInbox());
            Path tmp = files.getInbox().resolve(name + ".tmp");
            Files.copy(Path.of("examples", name), tmp);
            Files.move(tmp, files.getInbox().resolve(name), StandardCopyOption.ATOMIC_MOVE);
            Report result = awaitReport(name, "result", WAIT);
            assertThat(result.rows()).as(name).hasSizeGreaterThanOrEqualTo(5);
            for (CSVRecord row : result.rows()) {
                String status = example.getValue().getOrDefault(row.get("reference"), "SUCCESSFUL");
                assertThat(row.get("status")).as(name + " " + row.get("reference")).isEqualTo(status);
            }
            assertThat(Files.exists(outbox(name, "validation"))).as(name).isFalse();
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** Writes a file the way a careful writer does: under a temporary name, then renamed into place. */
    void drop(String name, String content) throws IOException {
        Files.createDirectories(files.getInbox());
        Path tmp = files.getInbox().resolve(name + ".tmp");
        Files.writeString(tmp, content, StandardCharsets.UTF_8);
        Files.move(tmp, files.getInbox().resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    Path outbox(String name, String kind) {
        return files.getOutbox().resolve(name.replaceFirst("\\.csv$", "") + "." + kind + ".csv");
    }

    /** A report of the outbox: its header and its rows (cells also by column name). */
    record Report(List<String> header, List<CSVRecord> rows) {
        Map<String, CSVRecord> byReference() {
            return rows.stream().collect(Collectors.toMap(r -> r.get("reference"), r -> r));
        }
    }

    Report awaitReport(String name, String kind, Duration timeout) throws IOException {
        Path report = outbox(name, kind);
        await().atMost(timeout).pollInterval(Duration.ofMillis(100)).until(() -> Files.exists(report));
        try (Reader reader = Files.newBufferedReader(report, StandardCharsets.UTF_8);
             CSVParser parser = CSVParser.builder().setReader(reader)
                     .setFormat(CSVFormat.RFC4180.builder().setHeader().get()).get()) {
            return new Report(parser.getHeaderNames(), parser.getRecords());
        }
    }

    java.util.Optional<Batch> batchByName(String name) {
        return jdbc.queryForList("select id from batches where file_name = ?", String.class, name).stream()
                .findFirst().flatMap(batches::findById);
    }

    Batch batchOf(String name) {
        return batchByName(name).orElseThrow(() -> new AssertionError("no batch for " + name));
    }

    long ledgerCount(String name) {
        Long count = jdbc.queryForObject("select count(*) from payments p join batches b on p.batch_id = b.id "
                + "where b.file_name = ?", Long.class, name);
        return count == null ? 0 : count;
    }

    /** Create calls per reference, as the sandbox counted them. */
    Map<String, Integer> sandboxCreateCalls() throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + sandboxPort + "/sandbox/transactions")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        Map<String, Integer> calls = new HashMap<>();
        for (JsonNode txn : JSON.readTree(response.body()).path("transactions")) {
            calls.merge(txn.path("reference").asText(), txn.path("createCalls").asInt(), Integer::sum);
        }
        return calls;
    }
}

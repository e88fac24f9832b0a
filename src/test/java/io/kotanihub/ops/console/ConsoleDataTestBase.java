package io.kotanihub.ops.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kotanihub.dispatch.PaymentIntake;
import io.kotanihub.ingest.file.FileDropProperties;
import io.kotanihub.ledger.PaymentRepository;
import io.kotanihub.ops.console.bridge.BridgeTransfers;
import io.kotanihub.model.PaymentCommand;
import io.kotanihub.model.PaymentMethod;
import io.kotanihub.model.PaymentStatus;
import io.kotanihub.model.PaymentType;
import io.kotanihub.model.Recipient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The console's data over plain HTTP, paid at the real sandbox: sign-in answers (cookie attributes, refused keys,
 * expired sessions), the audit of Kotani calls with a 429 storm counted on the overview, and a payment's timeline
 * JSON with its numbers masked, a rejected file batch with its validation report. Each database has its own file
 * folders (the subclasses): both contexts stay cached, and each would take the other's files.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "hub.sandbox.port=0",
        "hub.sandbox.settle-delay=200ms",
        "hub.sandbox.step-delay=50ms",
        "hub.sandbox.rate-limits.enabled=false",
        "hub.kotani.throttle.enabled=false",
        "hub.dispatch.poll-interval=100ms",
        "hub.dispatch.status-poll-interval=100ms",
        "hub.dispatch.status-check-min=100ms",
        "hub.dispatch.status-check-max=300ms",
        "hub.dispatch.retry-delay=200ms",
        "hub.dispatch.correction-window=0s",
        "hub.files.poll-delay=200ms",
        "hub.files.stable-for=200ms",
        "spring.datasource.url=jdbc:h2:mem:console-data;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1"})
@ExtendWith(OutputCaptureExtension.class)
abstract class ConsoleDataTestBase {

    @LocalServerPort
    int port;

    @Value("${hub.sandbox.port}")
    int sandboxPort;

    @Autowired
    PaymentIntake intake;

    @Autowired
    PaymentRepository payments;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    FileDropProperties files;

    @Autowired
    BridgeTransfers bridge;

    @Autowired
    ConsoleTrends trends;

    final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    final ObjectMapper json = new ObjectMapper();

    HttpResponse<String> signIn(String key) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/console/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("key=" + key)).build(), HttpResponse.BodyHandlers.ofString());
    }

    String session() throws Exception {
        String setCookie = signIn("hub_dev_key").headers().firstValue("Set-Cookie").orElseThrow();
        return setCookie.substring(0, setCookie.indexOf(';'));
    }

    HttpResponse<String> get(String path, String cookie) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void signInSetsAStrictHttpOnlyCookieAndExpiredSessionsAreRefused() throws Exception {
        HttpResponse<String> refused = signIn("hub_wrong_key");
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.headers().firstValue("Set-Cookie")).isEmpty();
        assertThat(refused.body()).contains("not accepted").doesNotContain("hub_wrong_key");

        HttpResponse<String> accepted = signIn("hub_dev_key");
        assertThat(accepted.statusCode()).isEqualTo(303);
        assertThat(accepted.headers().firstValue("Location")).hasValue("/console");
        String cookie = accepted.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie).startsWith(ConsoleAuth.COOKIE + "=").contains("Path=/console").contains("HttpOnly")
                .contains("SameSite=Strict");
        String session = cookie.substring(0, cookie.indexOf(';'));
        assertThat(get("/console/api/overview", session).statusCode()).isEqualTo(200);
        assertThat(get("/console", session).body()).contains("data-page=\"overview\"");
        // only the token's hash is stored
        String token = session.substring(session.indexOf('=') + 1);
        assertThat(jdbc.queryForObject("select count(*) from console_sessions where token_hash = ?", Integer.class, token))
                .isZero();

        jdbc.update("update console_sessions set expires_at = ?", OffsetDateTime.now(ZoneOffset.UTC).minusSeconds(1));
        assertThat(get("/console/api/overview", session).statusCode()).isEqualTo(401);
        assertThat(get("/console", session).statusCode()).isEqualTo(303);
    }

    @Test
    void kotaniCallsAreAuditedWith429sCountedAndTheTimelineIsMasked() throws Exception {
        String reference = "audit-" + UUID.randomUUID().toString().substring(0, 8);
        long before = rateLimitedToday();
        http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + sandboxPort + "/sandbox/faults"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"rateLimitStorm\":3,\"stormRetryAfter\":1}")).build(),
                HttpResponse.BodyHandlers.ofString());
        intake.accept(new PaymentCommand(reference, PaymentType.PAYOUT, PaymentMethod.MOBILE_MONEY,
                new BigDecimal("1500.50"), "KES", "KE", new Recipient("Jane Doe", "+254700000001", "MPESA",
                null, null, null, null, null), "salary", Map.of(), null), "API", null, null);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                payments.findByReference(reference).map(p -> p.status() == PaymentStatus.SUCCESSFUL).orElse(false));

        assertThat(rateLimitedToday() - before).isGreaterThanOrEqualTo(3);
        List<Map<String, Object>> calls = jdbc.queryForList("select reference, operation, http_status, outcome, message, "
                + "latency_ms from kotani_calls where reference = ? order by id", reference);
        assertThat(calls).anyMatch(c -> "WITHDRAW_MOBILE_MONEY".equals(c.get("operation")) && "ACCEPTED".equals(c.get("outcome"))
                && ((Number) c.get("http_status")).intValue() / 100 == 2);
        assertThat(calls).allMatch(c -> ((Number) c.get("latency_ms")).intValue() >= 0);
        assertThat(jdbc.queryForList("select coalesce(reference, '') || ' ' || coalesce(message, '') as line from kotani_calls",
                String.class)).noneMatch(line -> line.contains("254700000001") || line.contains("sk_sandbox_local"));
        assertThat(jdbc.queryForObject("select count(*) from kotani_calls where operation like 'CUSTOMER%' "
                + "and reference is not null", Integer.class)).isZero();

        String session = session();
        JsonNode overview = json.readTree(get("/console/api/overview", session).body());
        assertThat(overview.at("/kotani/rateLimited").asLong()).isGreaterThanOrEqualTo(3);
        // the customer look-up's 404 before the customer is created is not an error, and 429s are counted apart
        assertThat(overview.at("/kotani/errors").asLong()).isZero();
        assertThat(overview.at("/kotani/calls").asLong()).isGreaterThanOrEqualTo(calls.size());
        assertThat(overview.at("/payments/byStatus/SUCCESSFUL").asLong()).isGreaterThanOrEqualTo(1);

        HttpResponse<String> timeline = get("/console/api/payments/" + reference, session);
        assertThat(timeline.statusCode()).isEqualTo(200);
        assertThat(timeline.body()).doesNotContain("254700000001").contains("+*********001");
        JsonNode body = json.readTree(timeline.body());
        assertThat(body.at("/payment/amount").asText()).isEqualTo("1500.50");
        assertThat(body.at("/payment/recipient/name").asText()).isEqualTo("Jane Doe");
        List<String> kinds = body.path("timeline").findValuesAsText("kind");
        assertThat(kinds.get(0)).isEqualTo("COMMAND");
        assertThat(kinds).contains("KOTANI", "STATUS");
        assertThat(get("/console/api/payments/no-such-reference", session).statusCode()).isEqualTo(404);
    }

    @Test
    void aRejectedFileBatchIsDoneWithItsValidationReportForDownload() throws Exception {
        String name = "rejected-" + UUID.randomUUID().toString().substring(0, 8) + ".csv";
        Path inbox = files.getInbox();
        Files.createDirectories(inbox);
        Path temporary = inbox.resolve("." + name + ".part");
        Files.writeString(temporary, "reference,amount,currency,phone,network,name\n"
                + "f-1,100,KES,+254700000001,MPESA,Jane Doe\n"
                + "f-2,not-a-number,KES,+254700000001,MPESA,Jane Doe\n", StandardCharsets.UTF_8);
        Files.move(temporary, inbox.resolve(name));
        String session = session();

        JsonNode batch = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
            for (JsonNode b : json.readTree(get("/console/api/batches", session).body()).path("batches")) {
                if (name.equals(b.path("name").asText())) {
                    return b;
                }
            }
            return null;
        }, b -> b != null && b.path("final").asBoolean());
        assertThat(batch.path("source").asText()).isEqualTo("FILE");
        assertThat(batch.path("status").asText()).isEqualTo("REJECTED");
        assertThat(batch.path("percent").asDouble()).isEqualTo(100.0);
        assertThat(batch.path("failures").asLong()).isEqualTo(1);

        String id = batch.path("id").asText();
        HttpResponse<String> validation = get("/console/api/batches/" + id + "/validation.csv", session);
        assertThat(validation.statusCode()).isEqualTo(200);
        assertThat(validation.headers().firstValue("Content-Disposition").orElse("")).contains(id + ".validation.csv");
        assertThat(validation.body().lines().findFirst()).hasValue("row,reference,field,error");
        assertThat(validation.body()).contains("f-2").contains("amount");
        assertThat(get("/console/api/batches/" + id + "/validation.csv", null).statusCode()).isEqualTo(401);
        assertThat(get("/console/api/batches/no-such-batch", session).statusCode()).isEqualTo(404);
    }

    @Test
    void anUnexpectedFailureOfAConsoleCallIsA500ProblemLoggedOnceWithItsPath(CapturedOutput output) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String id = "console-broken-" + run;
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        jdbc.update("insert into batches (id, source, file_name, file_hash, status, claimed_by, heartbeat_at, "
                + "created_at, updated_at) values (?, 'FILE', ?, ?, 'REJECTED', 'test', ?, ?, ?)", id,
                "broken-" + run + ".csv", "hash-" + id, now, now, now);
        Files.createDirectories(files.getOutbox());
        Files.write(files.getOutbox().resolve("broken-" + run + ".validation.csv"),
                new byte[] {'r', 'o', 'w', '\n', (byte) 0xff, (byte) 0xfe, '\n'});

        HttpResponse<String> failed = get("/console/api/batches/" + id + "/validation.csv", session());
        assertThat(failed.statusCode()).isEqualTo(500);
        assertThat(failed.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(json.readTree(failed.body()).path("detail").asText()).contains("it was logged");
        List<String> lines = output.getAll().lines().toList();
        assertThat(lines.stream().filter(l -> l.contains(id) && (l.contains(" ERROR ") || l.contains(" WARN "))))
                .singleElement().satisfies(l -> assertThat(l).contains(
                        "console API GET /console/api/batches/" + id + "/validation.csv failed"));
        assertThat(lines).as("with its stack trace").anyMatch(l -> l.startsWith("java.io.UncheckedIOException"));
    }

    /**
     * Runs where the crypto bridge's tables exist (the bridge flow's migration); skipped without them. A failed
     * transfer with its history and a refund report, written as the bridge flow writes them, is shown with every
     * stage, its refund state, and no request body.
     */
    @Test
    void bridgeTransfersAreShownWithTheirStagesAndRefundState() throws Exception {
        assumeTrue(bridge.available(), "no crypto-bridge tables in this build (the bridge flow's migration)");
        String reference = "bridge-" + UUID.randomUUID().toString().substring(0, 8);
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        jdbc.update("insert into bridge_transfers (provider_reference_id, kotani_reference_id, status, create_state, "
                + "request_json, request_hash, source, amount, source_currency, chain, token, refund_state, refund_target, "
                + "failure_stage, failure_reason, failure_message, created_at, updated_at) values (?, ?, 'FAILED', 'CREATED', "
                + "'{\"phone\":\"+254700000001\"}', 'h', 'API', 25.5, 'KES', 'LIGHTNING', 'BTC', 'REQUIRED', 'CRYPTO_INVOICE', "
                + "'CRYPTO_PAYMENT', 'INVOICE_EXPIRED', 'the invoice expired', ?, ?)", reference, "k-" + reference, now, now);
        Long id = jdbc.queryForObject("select id from bridge_transfers where provider_reference_id = ?", Long.class, reference);
        for (String status : List.of("DEPOSIT_INITIATED", "DEPOSIT_CONFIRMED", "FAILED")) {
            jdbc.update("insert into bridge_status_history (transfer_id, status, source, at) values (?, ?, 'CALLBACK', ?)",
                    id, status, now);
        }
        // delivered already: a pending one would be sent to the sandbox by the hub's report outbox
        jdbc.update("insert into bridge_reports (transfer_id, status, body, state, attempts, next_attempt_at, last_status, "
                + "created_at, updated_at, delivered_at) values (?, 'REFUND', '{}', 'DELIVERED', 2, ?, 200, ?, ?, ?)",
                id, now, now, now, now);

        String session = session();
        HttpResponse<String> list = get("/console/api/bridge", session);
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).doesNotContain("254700000001");
        JsonNode transfer = null;
        for (JsonNode t : json.readTree(list.body()).path("transfers")) {
            if (reference.equals(t.path("reference").asText())) {
                transfer = t;
            }
        }
        assertThat(transfer).isNotNull();
        assertThat(transfer.path("status").asText()).isEqualTo("FAILED");
        assertThat(transfer.path("refundState").asText()).isEqualTo("REQUIRED (CRYPTO_INVOICE)");
        assertThat(transfer.path("stages").findValuesAsText("name")).containsExactly("CREATE", "DEPOSIT_INITIATED",
                "DEPOSIT_CONFIRMED", "FAILED", "FAILURE at CRYPTO_PAYMENT", "REPORT REFUND");
        assertThat(get("/console/api/bridge/" + id, session).statusCode()).isEqualTo(200);
        assertThat(get("/console/api/bridge", null).statusCode()).isEqualTo(401);
    }

    // ------------------------------------------------------------------------------- payments list (issue 16)

    /** A ledger row written as the ledger writes it, in a final (or UNKNOWN, checked in 2100) state. */
    void ledgerRow(String reference, String status, String type, String currency, String source, String batch,
                   Integer row, String code, String error, String phone, OffsetDateTime created, OffsetDateTime completed) {
        jdbc.update("insert into payments (reference, type, method, amount, currency, status, batch_id, batch_row, "
                + "source, attempts, last_error_code, last_error, command_json, command_hash, next_check_at, created_at, "
                + "updated_at, completed_at, version) values (?, ?, 'MOBILE_MONEY', ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, 'h', ?, ?, ?, ?, 0)",
                reference, type, new BigDecimal("1500.5"), currency, status, batch, row, source, code, error,
                "{\"reference\":\"" + reference + "\",\"recipient\":{\"name\":\"Jane Doe\",\"phone\":\"" + phone + "\"}}",
                "UNKNOWN".equals(status) ? OffsetDateTime.parse("2100-01-01T00:00:00Z") : null, created, created, completed);
    }

    String batchRow(String run) {
        String id = "list-" + run;
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        jdbc.update("insert into batches (id, source, file_name, file_hash, status, created_at, updated_at) "
                + "values (?, 'API', ?, ?, 'COMPLETED', ?, ?)", id, "list-" + run + ".csv", "hash-list-" + run, now, now);
        return id;
    }

    List<String> references(JsonNode page) {
        return page.path("rows").findValuesAsText("reference");
    }

    @Test
    void thePaymentsListIsFilteredAndKeysetPagedNewestFirst() throws Exception {
        String run = "lst" + UUID.randomUUID().toString().substring(0, 8);
        String batch = batchRow(run);
        OffsetDateTime t = OffsetDateTime.now(ZoneOffset.UTC).minusHours(2).withNano(0);
        // three rows share one creation time: the id breaks the tie, so no page repeats or skips one
        for (int i = 1; i <= 5; i++) {
            ledgerRow(run + "-f" + i, "FAILED", "PAYOUT", "KES", "API", batch, i, i <= 3 ? "INSUFFICIENT_FUNDS" : "LIMIT",
                    "refused", "+254700000001", i <= 3 ? t : t.plusSeconds(i), t.plusMinutes(10));
        }
        ledgerRow(run + "-s6", "SUCCESSFUL", "PAYOUT", "KES", "API", batch, 6, null, null, "+254700000001",
                t.plusSeconds(6), t.plusMinutes(20));
        ledgerRow(run + "-c7", "FAILED", "COLLECTION", "UGX", "KAFKA", null, null, "EXPIRED_OTP", null, "+256700000001",
                t.plusSeconds(7), t.plusMinutes(30));
        String session = session();

        List<String> all = new java.util.ArrayList<>();
        String next = null;
        int pages = 0;
        do {
            JsonNode page = json.readTree(get("/console/api/payments?q=" + run + "&limit=2"
                    + (next == null ? "" : "&after=" + java.net.URLEncoder.encode(next, StandardCharsets.UTF_8)), session).body());
            all.addAll(references(page));
            next = page.path("next").isNull() ? null : page.path("next").asText();
            pages++;
        } while (next != null && pages < 10);
        assertThat(pages).isEqualTo(4);
        assertThat(all).hasSize(7).doesNotHaveDuplicates().startsWith(run + "-c7", run + "-s6", run + "-f5", run + "-f4")
                .containsExactlyInAnyOrder(run + "-f1", run + "-f2", run + "-f3", run + "-f4", run + "-f5", run + "-s6", run + "-c7");
        assertThat(all.subList(4, 7)).containsExactly(run + "-f3", run + "-f2", run + "-f1");

        assertThat(references(json.readTree(get("/console/api/payments?status=FAILED&batch=" + batch
                + "&type=&source=&currency=&from=&to=&q=" + run, session).body()))).hasSize(5);
        assertThat(references(json.readTree(get("/console/api/payments?status=failed&code=INSUFFICIENT_FUNDS&q=" + run,
                session).body()))).containsExactlyInAnyOrder(run + "-f1", run + "-f2", run + "-f3");
        assertThat(references(json.readTree(get("/console/api/payments?type=COLLECTION&currency=UGX&source=KAFKA&q=" + run,
                session).body()))).containsExactly(run + "-c7");
        assertThat(references(json.readTree(get("/console/api/payments?from=" + t.toLocalDate() + "&to="
                + t.plusSeconds(7).toLocalDate() + "&q=" + run, session).body()))).hasSize(7);
        assertThat(references(json.readTree(get("/console/api/payments?on=completed&from="
                + t.plusMinutes(15).toInstant() + "&q=" + run, session).body()))).containsExactly(run + "-c7", run + "-s6");
        assertThat(references(json.readTree(get("/console/api/payments?from=" + t.plusDays(1).toLocalDate()
                + "&q=" + run, session).body()))).isEmpty();
        assertThat(references(json.readTree(get("/console/api/payments?q=" + run + "-f", session).body()))).hasSize(5);
        // a prefix is a prefix: LIKE's wildcards in it are plain characters
        assertThat(references(json.readTree(get("/console/api/payments?q=" + run.substring(0, 3) + "%25" + run.substring(4),
                session).body()))).isEmpty();
        JsonNode first = json.readTree(get("/console/api/payments?q=" + run + "-s6", session).body()).path("rows").get(0);
        assertThat(first.path("amount").asText()).isEqualTo("1500.50");
        assertThat(first.path("recipient").path("phone").asText()).isEqualTo("+*********001");
        assertThat(first.toString()).doesNotContain("254700000001");

        for (String bad : List.of("status=NOPE", "type=X", "from=yesterday", "on=sometime", "currency=k3s",
                "after=not-a-cursor", "batch=a%20b", "from=2026-12-02&to=2026-12-01")) {
            HttpResponse<String> refused = get("/console/api/payments?" + bad, session);
            assertThat(refused.statusCode()).as(bad).isEqualTo(400);
            assertThat(refused.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        }
        assertThat(get("/console/api/payments?limit=x", session).statusCode()).isEqualTo(400);
        assertThat(get("/console/api/payments", null).statusCode()).isEqualTo(401);
        assertThat(get("/console/api/payments.csv", null).statusCode()).isEqualTo(401);
    }

    @Test
    void theCsvExportIsTheFilteredListMaskedWithFormulaCellsNeutralised() throws Exception {
        String run = "csv" + UUID.randomUUID().toString().substring(0, 8);
        String batch = batchRow(run);
        OffsetDateTime t = OffsetDateTime.now(ZoneOffset.UTC).minusHours(1);
        ledgerRow(run + "-1", "FAILED", "PAYOUT", "KES", "API", batch, 1, "=HYPERLINK(\"http://x\")",
                "+254700000001 refused the payment", "+254700000001", t, t.plusMinutes(1));
        ledgerRow(run + "-2", "FAILED", "PAYOUT", "KES", "API", batch, 2, "@SUM(A1)", "-1 balance", "+254700000002",
                t.plusSeconds(1), t.plusMinutes(1));
        ledgerRow(run + "-3", "SUCCESSFUL", "PAYOUT", "KES", "API", batch, 3, null, null, "+254700000003",
                t.plusSeconds(2), t.plusMinutes(1));
        for (int i = 0; i < 1205; i++) {
            ledgerRow(run + "-bulk-" + i, "SUCCESSFUL", "PAYOUT", "KES", "FILE", null, null, null, null, "+254700000009",
                    t.minusSeconds(i), t);
        }
        String session = session();

        HttpResponse<String> csv = get("/console/api/payments.csv?status=FAILED&batch=" + batch + "&q=" + run, session);
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        assertThat(csv.headers().firstValue("Content-Disposition").orElse("")).contains("payments.csv");
        List<org.apache.commons.csv.CSVRecord> records = org.apache.commons.csv.CSVFormat.RFC4180.builder().setHeader()
                .setSkipHeaderRecord(true).build().parse(new java.io.StringReader(csv.body())).getRecords();
        assertThat(records).hasSize(2);
        assertThat(records.get(0).get("reference")).isEqualTo(run + "-2");
        assertThat(records.get(0).get("error_code")).isEqualTo("'@SUM(A1)");
        assertThat(records.get(0).get("error")).isEqualTo("'-1 balance");
        assertThat(records.get(0).get("amount")).isEqualTo("1500.50");
        assertThat(records.get(0).get("batch_id")).isEqualTo(batch);
        assertThat(records.get(1).get("error_code")).isEqualTo("'=HYPERLINK(\"http://x\")");
        assertThat(records.get(1).get("error")).isEqualTo("'+*********001 refused the payment");
        assertThat(records.get(1).get("recipient")).isEqualTo("name: Jane Doe, phone: +*********001");
        assertThat(csv.body()).doesNotContain("254700000001").doesNotContain("254700000002");

        // more rows than one export page: every one, once, newest first
        List<org.apache.commons.csv.CSVRecord> bulk = org.apache.commons.csv.CSVFormat.RFC4180.builder().setHeader()
                .setSkipHeaderRecord(true).build().parse(new java.io.StringReader(
                        get("/console/api/payments.csv?source=FILE&q=" + run + "-bulk-", session).body())).getRecords();
        assertThat(bulk).hasSize(1205);
        assertThat(bulk.stream().map(r -> r.get("reference")).distinct().count()).isEqualTo(1205);
        assertThat(bulk.get(0).get("reference")).isEqualTo(run + "-bulk-0");
        assertThat(bulk.get(1204).get("reference")).isEqualTo(run + "-bulk-1204");
        assertThat(get("/console/api/payments.csv?status=NOPE", session).statusCode()).isEqualTo(400);
    }

    @Test
    void failuresAreGroupedByErrorCodeAndTrendsAreBucketedFromTheLedgerAndTheCallAudit() throws Exception {
        String run = "trd" + UUID.randomUUID().toString().substring(0, 8);
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        String code = "CODE_" + run.toUpperCase();
        for (int i = 0; i < 3; i++) {
            ledgerRow(run + "-f" + i, "FAILED", "PAYOUT", "KES", "API", null, null, code, "refused +254700000001",
                    "+254700000001", now.minusMinutes(5), now.minusMinutes(4));
        }
        ledgerRow(run + "-u", "UNKNOWN", "PAYOUT", "KES", "API", null, null, null, "timeout", "+254700000001",
                now.minusMinutes(30), null);
        jdbc.update("update payments set submitted_at = ? where reference = ?", now.minusMinutes(20), run + "-u");
        String session = session();

        JsonNode failures = json.readTree(get("/console/api/failures?window=day", session).body());
        JsonNode group = null;
        for (JsonNode g : failures.path("groups")) {
            if (code.equals(g.path("code").asText())) {
                group = g;
            }
        }
        assertThat(group).isNotNull();
        assertThat(group.path("count").asLong()).isEqualTo(3);
        JsonNode unknown = null;
        for (JsonNode u : failures.path("unknown")) {
            if ((run + "-u").equals(u.path("reference").asText())) {
                unknown = u;
            }
        }
        assertThat(unknown).isNotNull();
        assertThat(unknown.path("ageSeconds").asLong()).isBetween(20 * 60L, 22 * 60L);
        assertThat(failures.path("unknownCount").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(get("/console/api/failures?window=year", session).statusCode()).isEqualTo(400);

        // three days ago, in one two-hour bucket of the week: nothing else in the suite writes there
        long width = 7200;
        long bucketStart = Math.floorDiv(now.minusDays(3).toEpochSecond(), width) * width;
        OffsetDateTime at = java.time.Instant.ofEpochSecond(bucketStart + 600).atOffset(ZoneOffset.UTC);
        ledgerRow(run + "-w1", "SUCCESSFUL", "PAYOUT", "KES", "API", null, null, null, null, "+254700000001", at, at);
        ledgerRow(run + "-w2", "SUCCESSFUL", "PAYOUT", "KES", "API", null, null, null, null, "+254700000001", at, at);
        ledgerRow(run + "-w3", "FAILED", "PAYOUT", "KES", "API", null, null, "X", null, "+254700000001", at, at);
        int[][] calls = {{10, 200}, {20, 200}, {30, 429}, {40, 500}};
        for (int[] c : calls) {
            jdbc.update("insert into kotani_calls (reference, operation, http_method, http_status, outcome, message, "
                    + "latency_ms, at) values (?, 'WITHDRAW_MOBILE_MONEY', 'POST', ?, ?, null, ?, ?)", run, c[1],
                    c[1] == 200 ? "ACCEPTED" : c[1] == 429 ? "RATE_LIMITED" : "UNKNOWN", c[0], at);
        }
        // webhook lag is Kotani's event time (event_at, from the body) -> applied, not receipt -> applied
        for (int lag : new int[] {1000, 3000}) {
            jdbc.update("insert into kotani_webhook_events (event_name, kind, reference, status, raw_body, "
                    + "signature_verified, dedupe_key, event_at, received_at, processed_at, outcome, kafka_published_at) values "
                    + "('transaction.status.updated', 'WITHDRAWAL', ?, 'SUCCESSFUL', '{}', true, ?, ?, ?, ?, 'APPLIED', ?)",
                    run, UUID.randomUUID().toString(), at, at.plusNanos(lag * 800_000L), at.plusNanos(lag * 1_000_000L), at);
        }
        jdbc.update("insert into erp_deliveries (message_id, reference, target_url, payload, state, attempts, "
                + "next_attempt_at, created_at, updated_at, delivered_at) values (?, ?, 'http://erp.invalid/hook', '{}', "
                + "'DELIVERED', 1, ?, ?, ?, ?)", "msg_" + run, run, at, at, at.plusHours(4), at.plusHours(4));
        // backdated rows land in settled buckets, which are computed once and kept (V28): forget the ones they touch
        jdbc.update("delete from console_trend_buckets");

        JsonNode trends = json.readTree(get("/console/api/trends?window=week", session).body());
        assertThat(trends.path("bucketSeconds").asLong()).isEqualTo(width);
        JsonNode buckets = trends.path("buckets");
        assertThat(buckets.size()).isEqualTo(84);
        JsonNode mine = null;
        int index = -1;
        for (int i = 0; i < buckets.size(); i++) {
            if (java.time.Instant.parse(buckets.get(i).path("at").asText()).getEpochSecond() == bucketStart) {
                mine = buckets.get(i);
                index = i;
            }
        }
        assertThat(mine).as("the bucket of %s", at).isNotNull();
        assertThat(mine.path("succeeded").asLong()).isEqualTo(2);
        assertThat(mine.path("failed").asLong()).isEqualTo(1);
        assertThat(mine.path("calls").asLong()).isEqualTo(4);
        assertThat(mine.path("rateLimited").asLong()).isEqualTo(1);
        assertThat(mine.path("errors").asLong()).isEqualTo(1);
        assertThat(mine.path("latencyP50").asLong()).isEqualTo(25);
        assertThat(mine.path("latencyP95").asLong()).isEqualTo(39);
        assertThat(mine.path("webhooks").asLong()).isEqualTo(2);
        assertThat(mine.path("lagP50Ms").asLong()).isEqualTo(2000);
        // the delivery was pending from its bucket until two buckets later
        long before = buckets.get(index - 1).path("backlog").asLong();
        assertThat(mine.path("backlog").asLong() - before).isEqualTo(1);
        assertThat(buckets.get(index + 2).path("backlog").asLong() - before).isEqualTo(0);
        assertThat(get("/console/api/trends?window=hour", session).statusCode()).isEqualTo(200);
        assertThat(get("/console/api/trends?window=day", session).statusCode()).isEqualTo(200);
        assertThat(get("/console/api/trends", null).statusCode()).isEqualTo(401);
    }

    @Test
    void anOpenBucketIsSummedFromKeptMinutesWithPercentilesFromTheirHistogramsWithinHalfABin() {
        // two hours four days ago, as the open bucket of the week chart is summed: nothing else in the suite writes there
        String run = "pcs" + UUID.randomUUID().toString().substring(0, 8);
        long from = Math.floorDiv(OffsetDateTime.now(ZoneOffset.UTC).minusDays(4).toEpochSecond(), 7200) * 7200;
        long to = from + 7200;
        Random random = new Random(16);
        List<Object[]> calls = new java.util.ArrayList<>();
        for (int i = 0; i < 600; i++) {
            // latencies from 20 ms to about 6 s, most under 500 ms: exact bins below 256 ms, wider above
            int latency = 20 + (int) Math.min(6000, -350 * Math.log(1 - random.nextDouble()));
            calls.add(new Object[] {run, i % 41 == 0 ? 429 : 200, i % 41 == 0 ? "RATE_LIMITED" : "ACCEPTED", latency,
                    at(from + random.nextInt(7200 * 1000) / 1000.0)});
        }
        jdbc.batchUpdate("insert into kotani_calls (reference, operation, http_method, http_status, outcome, message, "
                + "latency_ms, at) values (?, 'WITHDRAW_MOBILE_MONEY', 'POST', ?, ?, null, ?, ?)", calls);
        List<Object[]> webhooks = new java.util.ArrayList<>();
        for (int i = 0; i < 300; i++) {
            double applied = from + 60 + random.nextInt(7000 * 1000) / 1000.0;
            double lagSeconds = 0.05 + random.nextInt(45_000_000) / 1_000_000.0;
            webhooks.add(new Object[] {run, UUID.randomUUID().toString(), at(applied - lagSeconds), at(applied - lagSeconds / 2),
                    at(applied), at(applied)});
        }
        jdbc.batchUpdate("insert into kotani_webhook_events (event_name, kind, reference, status, raw_body, "
                + "signature_verified, dedupe_key, event_at, received_at, processed_at, outcome, kafka_published_at) values "
                + "('transaction.status.updated', 'WITHDRAWAL', ?, 'SUCCESSFUL', '{}', true, ?, ?, ?, ?, 'APPLIED', ?)", webhooks);
        jdbc.update("delete from console_trend_buckets where width = 60 and bucket between ? and ?", from / 60, to / 60);

        Map<String, Object> computed = trends.summed(from, to);
        assertThat(jdbc.queryForObject("select count(*) from console_trend_buckets where width = 60 and bucket between ? and ?",
                Long.class, from / 60, to / 60 - 1)).as("every minute kept as a piece").isEqualTo(120);
        Map<String, Object> fromPieces = trends.summed(from, to);
        assertThat(fromPieces).as("summed again from the kept pieces").isEqualTo(computed);

        Map<String, Object> exact = jdbc.queryForMap("select count(*) as n, "
                + "sum(case when outcome = 'RATE_LIMITED' then 1 else 0 end) as limited, "
                + "percentile_cont(0.5) within group (order by latency_ms) as p50, "
                + "percentile_cont(0.95) within group (order by latency_ms) as p95 from kotani_calls where at >= ? and at < ?",
                at(from), at(to));
        String lag = "(extract(epoch from processed_at) - extract(epoch from coalesce(event_at, received_at))) * 1000";
        Map<String, Object> exactLag = jdbc.queryForMap("select count(*) as n, "
                + "percentile_cont(0.5) within group (order by " + lag + ") as p50, "
                + "percentile_cont(0.95) within group (order by " + lag + ") as p95 "
                + "from kotani_webhook_events where processed_at >= ? and processed_at < ?", at(from), at(to));
        assertThat(fromPieces.get("calls")).isEqualTo(((Number) exact.get("n")).longValue());
        assertThat(fromPieces.get("rateLimited")).isEqualTo(((Number) exact.get("limited")).longValue());
        assertThat(fromPieces.get("webhooks")).isEqualTo(((Number) exactLag.get("n")).longValue());
        // the stated precision: half a bin (1/256 of the value) and a millisecond of rounding
        assertWithinHalfABin(fromPieces.get("latencyP50"), exact.get("p50"));
        assertWithinHalfABin(fromPieces.get("latencyP95"), exact.get("p95"));
        assertWithinHalfABin(fromPieces.get("lagP50Ms"), exactLag.get("p50"));
        assertWithinHalfABin(fromPieces.get("lagP95Ms"), exactLag.get("p95"));
        assertThat(((Number) exact.get("p95")).doubleValue()).as("the test reaches the wider bins").isGreaterThan(256);
    }

    private static void assertWithinHalfABin(Object fromBins, Object exact) {
        double value = ((Number) exact).doubleValue();
        assertThat(((Number) fromBins).doubleValue()).isCloseTo(value, org.assertj.core.data.Offset.offset(value / 256 + 1));
    }

    private static OffsetDateTime at(double epochSeconds) {
        long micros = Math.round(epochSeconds * 1_000_000);
        return java.time.Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000)
                .atOffset(ZoneOffset.UTC);
    }

    @Test
    void batchesAreFilteredAndABatchShowsItsRowsOfOneStatus() throws Exception {
        String run = "bat" + UUID.randomUUID().toString().substring(0, 8);
        String batch = batchRow(run);
        OffsetDateTime t = OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(3);
        ledgerRow(run + "-1", "FAILED", "PAYOUT", "KES", "API", batch, 1, "X", null, "+254700000001", t, t);
        ledgerRow(run + "-2", "SUCCESSFUL", "PAYOUT", "KES", "API", batch, 2, null, null, "+254700000001", t, t);
        jdbc.update("insert into batch_row_issues (batch_id, batch_row, reference, status) values (?, 3, ?, 'DUPLICATE')",
                batch, run + "-1");
        String session = session();
        String today = t.toLocalDate().toString();
        assertThat(json.readTree(get("/console/api/batches?status=COMPLETED&source=API&from=" + today, session).body())
                .path("batches").findValuesAsText("id")).contains(batch);
        assertThat(json.readTree(get("/console/api/batches?source=FILE", session).body())
                .path("batches").findValuesAsText("id")).doesNotContain(batch);
        assertThat(json.readTree(get("/console/api/batches?to=" + t.minusDays(2).toLocalDate(), session).body())
                .path("batches").findValuesAsText("id")).doesNotContain(batch);
        assertThat(json.readTree(get("/console/api/batches/" + batch + "?status=FAILED", session).body())
                .path("rows").findValuesAsText("reference")).containsExactly(run + "-1");
        assertThat(json.readTree(get("/console/api/batches/" + batch + "?status=DUPLICATE", session).body())
                .path("rows").findValuesAsText("status")).containsExactly("DUPLICATE");
        assertThat(json.readTree(get("/console/api/batches/" + batch, session).body()).path("rows")).hasSize(3);
        assertThat(get("/console/api/batches?from=nope", session).statusCode()).isEqualTo(400);
    }

    @Test
    void theConsoleCountersEqualACountOfTheLedgerAfterARealBatchRan() throws Exception {
        String run = "cnt" + UUID.randomUUID().toString().substring(0, 8);
        String name = "counted-" + run + ".csv";
        StringBuilder csv = new StringBuilder("reference,amount,currency,phone,network,name\n");
        for (int i = 1; i <= 8; i++) {
            csv.append(run).append("-ok-").append(i).append(",150,KES,+254700000001,MPESA,Jane Doe\n");
        }
        for (int i = 1; i <= 3; i++) {
            csv.append(run).append("-funds-").append(i).append(",20,KES,+254700000010,MPESA,Ann Poor\n");
        }
        Path inbox = files.getInbox();
        Files.createDirectories(inbox);
        Path temporary = inbox.resolve("." + name + ".part");
        Files.writeString(temporary, csv.toString(), StandardCharsets.UTF_8);
        Files.move(temporary, inbox.resolve(name));
        String session = session();
        JsonNode batch = await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(300)).until(() -> {
            for (JsonNode b : json.readTree(get("/console/api/batches", session).body()).path("batches")) {
                if (name.equals(b.path("name").asText())) {
                    return b;
                }
            }
            return null;
        }, b -> b != null && b.path("final").asBoolean());
        String id = batch.path("id").asText();
        assertThat(batch.path("succeeded").asLong()).isEqualTo(8);
        assertThat(batch.path("failures").asLong()).isEqualTo(3);
        assertThat(batch.path("counts").path("SUCCESSFUL").asLong()).isEqualTo(8);
        assertThat(batch.path("counts").path("FAILED").asLong()).isEqualTo(3);
        assertThat(jdbc.query("select k1, sum(n) from console_counts where kind = 'PAYMENT' and batch_id = ? "
                + "group by k1 having sum(n) <> 0 order by k1", (rs, i) -> rs.getString(1) + "=" + rs.getLong(2), id))
                .containsExactly("FAILED=3", "SUCCESSFUL=8")
                .isEqualTo(jdbc.query("select status, count(*) from payments where batch_id = ? group by status "
                        + "order by status", (rs, i) -> rs.getString(1) + "=" + rs.getLong(2), id));

        // every counter of the whole ledger against count(*), each in one statement (one snapshot) while others run
        assertThat(jdbc.queryForList("select on_day, batch_id, status, type, sum(n) from ("
                + "select on_day, batch_id, k1 as status, k2 as type, n from console_counts where kind = 'PAYMENT' "
                + "union all select cast(created_at at time zone 'UTC' as date), coalesce(batch_id, ''), status, type, -1 "
                + "from payments) d group by on_day, batch_id, status, type having sum(n) <> 0")).isEmpty();
        assertThat(jdbc.queryForList("select on_day, outcome, error, sum(n), sum(total) from ("
                + "select on_day, k1 as outcome, k2 as error, n, total from console_counts where kind = 'CALL' "
                + "union all select cast(at at time zone 'UTC' as date), outcome, case when outcome in ('REJECTED', "
                + "'UNKNOWN', 'NOT_SENT') and not (operation = 'CUSTOMER_BY_PHONE' and coalesce(http_status, 0) = 404) "
                + "then 'ERROR' else '' end, -1, -latency_ms from kotani_calls) d "
                + "group by on_day, outcome, error having sum(n) <> 0 or sum(total) <> 0")).isEmpty();

        // the overview reads them
        JsonNode overview = json.readTree(get("/console/api/overview", session).body());
        assertThat(overview.at("/payments/byStatus/FAILED").asLong()).isGreaterThanOrEqualTo(3);
        assertThat(overview.at("/kotani/calls").asLong()).isPositive();
    }

    private long rateLimitedToday() {
        Long n = jdbc.queryForObject("select count(*) from kotani_calls where outcome = 'RATE_LIMITED'", Long.class);
        return n == null ? 0 : n;
    }
}

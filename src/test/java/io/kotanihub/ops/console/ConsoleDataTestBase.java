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

    private long rateLimitedToday() {
        Long n = jdbc.queryForObject("select count(*) from kotani_calls where outcome = 'RATE_LIMITED'", Long.class);
        return n == null ? 0 : n;
    }
}

package io.kotanihub.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.kotanihub.kotani.signature.KotaniSignatures;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingInitializationContext;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.StandardEnvironment;

/**
 * Shared by the observability tests: one hub with the real sandbox and a stand-in ERP (which fails each delivery's
 * first attempt, so deliveries are retried), DEBUG logging for the hub and INFO for Camel, and a REST batch with every
 * sandbox phone outcome of REFERENCE §21, bank and paybill rows. Subclasses with the same properties share one
 * Spring context (and so one in-memory database). Metrics export is on, as in the application ({@code /actuator/prometheus}).
 */
@AutoConfigureObservability(tracing = false)
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
        "hub.dispatch.correction-window=0s",
        "hub.api.batch-check-interval=200ms",
        "hub.erp.webhook-secret=" + ObservedBatch.ERP_SECRET,
        "hub.erp.retry-schedule=0s,200ms,200ms",
        "hub.metrics.ledger-refresh=100ms",
        "hub.metrics.rate-window=5m",
        "hub.health.kotani-probe-interval=1s",
        "logging.level.io.kotanihub=DEBUG",
        "logging.level.org.apache.camel=INFO",
        "hub.files.inbox=target/observability/inbox",
        "hub.files.outbox=target/observability/outbox",
        "hub.files.archive=target/observability/archive",
        "hub.files.error=target/observability/error",
        "spring.datasource.url=jdbc:h2:mem:observability;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1"})
public abstract class ObservedBatch {

    public static final String ERP_SECRET = "whsec_" + "b2JzZXJ2YWJpbGl0eS10ZXN0LWVycC1zZWNyZXQtMTIzNA==";
    public static final String HUB_KEY = "hub_dev_key";
    public static final String SANDBOX_KEY = "sk_sandbox_local";
    public static final String SANDBOX_SECRET = "whsec_sandbox_local";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** Every signature header the stand-in ERP received. */
    public static final List<String> ERP_SIGNATURES = new CopyOnWriteArrayList<>();
    private static final Set<String> FAILED_ONCE = ConcurrentHashMap.newKeySet();
    private static final HttpServer ERP = erp();

    private static HttpServer erp() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/erp", exchange -> {
                exchange.getRequestBody().readAllBytes();
                String signature = exchange.getRequestHeaders().getFirst("webhook-signature");
                if (signature != null) {
                    ERP_SIGNATURES.add(signature);
                }
                String id = String.valueOf(exchange.getRequestHeaders().getFirst("webhook-id"));
                exchange.sendResponseHeaders(FAILED_ONCE.add(id) ? 500 : 204, -1);
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @DynamicPropertySource
    static void erpUrl(DynamicPropertyRegistry registry) {
        registry.add("hub.erp.webhook-url", () -> "http://127.0.0.1:" + ERP.getAddress().getPort() + "/erp");
    }

    /** One row of the batch, with the personal number it carries and the status the sandbox's tables predict. */
    public record Row(String reference, String csv, String number, String expected) { }

    /** A posted batch: its id and rows. */
    public record Batch(String id, List<Row> rows) {
        public long expected(String status) {
            return rows.stream().filter(r -> r.expected().equals(status)).count();
        }
    }

    public static final String HEADER = "reference,amount,currency,method,phone,network,name,country,bank_code,"
            + "account_number,paybill_number,account_reference,till_number,narration\n";

    /** Every phone outcome of §21 (Kenya, plus one Ugandan and one ordinary number), bank and paybill rows. */
    public static List<Row> rows(String run) {
        List<Row> rows = new ArrayList<>();
        String[][] phones = {{"+254700000001", "SUCCESSFUL"}, {"+254700000002", "SUCCESSFUL"},
                {"+254700000010", "FAILED"}, {"+254700000011", "FAILED"}, {"+254700000012", "FAILED"},
                {"+254700000013", "CANCELLED"}, {"+254700000020", "PENDING"}, {"+254700000021", "SUCCESSFUL"},
                {"+256700000001", "SUCCESSFUL"}, {"+254712345678", "SUCCESSFUL"}};
        int n = 0;
        for (String[] phone : phones) {
            String ref = "OBS" + run + "-m" + (++n);
            String currency = phone[0].startsWith("+256") ? "UGX" : "KES";
            String network = phone[0].startsWith("+256") ? "MTN" : "MPESA";
            rows.add(new Row(ref, String.join(",", ref, "1500", currency, "mobile_money", phone[0], network,
                    "\"Doe, Jane\"", "", "", "", "", "", "", "salary"), phone[0], phone[1]));
        }
        String[][] banks = {{"1000000001", "SUCCESSFUL"}, {"1000000005", "FAILED"}, {"2000000123", "SUCCESSFUL"}};
        for (String[] bank : banks) {
            String ref = "OBS" + run + "-b" + (++n);
            rows.add(new Row(ref, String.join(",", ref, "2500", "KES", "bank", "", "", "\"Smith, Robert\"", "KE",
                    "01", bank[0], "", "", "", ""), bank[0], bank[1]));
        }
        String[][] paybills = {{"400200", "SUCCESSFUL"}, {"100002", "FAILED"}};
        for (String[] paybill : paybills) {
            String ref = "OBS" + run + "-p" + (++n);
            rows.add(new Row(ref, String.join(",", ref, "999.99", "KES", "paybill", "", "", "", "KE", "", "",
                    paybill[0], "ACC-1", "", ""), paybill[0], paybill[1]));
        }
        return rows;
    }

    /** Posts the batch to the REST API and waits until every row that can settle has (the 700000020 one never does). */
    public static Batch runBatch(int port) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 6);
        List<Row> rows = rows(run);
        StringBuilder csv = new StringBuilder(HEADER);
        rows.forEach(r -> csv.append(r.csv()).append('\n'));
        HttpResponse<String> posted = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                        + "/api/v1/batches?name=observed-" + run + ".csv"))
                .header("Authorization", "Bearer " + HUB_KEY).header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofString(csv.toString())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(202);
        Batch batch = new Batch(JSON.readTree(posted.body()).get("id").asText(), rows);
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            JsonNode counts = batchView(port, batch.id()).path("counts");
            for (String status : List.of("SUCCESSFUL", "FAILED", "CANCELLED")) {
                assertThat(counts.path(status).asLong()).as(status + " in " + counts).isEqualTo(batch.expected(status));
            }
        });
        return batch;
    }

    public static JsonNode batchView(int port, String id) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                + "/api/v1/batches/" + id)).header("Authorization", "Bearer " + HUB_KEY).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    /**
     * The signatures of every Kotani webhook the hub received from the sandbox: the body's {@code signature} member
     * (a copy of the {@code X-Kotani-Signature} header), or the header value computed from the stored raw body.
     */
    public static List<String> kotaniSignatures(JdbcTemplate jdbc) throws Exception {
        List<String> signatures = new ArrayList<>();
        for (String raw : jdbc.queryForList("select raw_body from kotani_webhook_events", String.class)) {
            JsonNode body = JSON.readTree(raw);
            if (body.hasNonNull(KotaniSignatures.SIGNATURE_MEMBER)) {
                signatures.add(body.get(KotaniSignatures.SIGNATURE_MEMBER).asText());
            } else if (body instanceof ObjectNode object) {
                signatures.add(KotaniSignatures.sign(SANDBOX_SECRET, KotaniSignatures.canonicalString(object)));
            }
        }
        return signatures;
    }

    /** The secret parts of a signature header value ({@code sha256=<hex>}, {@code v1,<base64>}, space-separated). */
    public static List<String> secretParts(String signature) {
        List<String> parts = new ArrayList<>();
        for (String value : signature.trim().split("\\s+")) {
            parts.add(value.startsWith("sha256=") ? value.substring(7) : value.startsWith("v1,") ? value.substring(3)
                    : value);
        }
        return parts;
    }

    /**
     * Spring Boot configures logging once per JVM (a later test context reuses the first one's configuration), so a
     * test that checks log output applies its own context's logging: logback-spring.xml with {@code environment}'s
     * {@code hub.logging.format}, DEBUG for the hub and INFO for Camel.
     */
    public static void applyLogging(ConfigurableEnvironment environment) {
        LoggingSystem logging = LoggingSystem.get(ObservedBatch.class.getClassLoader());
        logging.cleanUp();
        logging.initialize(new LoggingInitializationContext(environment), null, null);
        logging.setLogLevel("io.kotanihub", LogLevel.DEBUG);
        logging.setLogLevel("org.apache.camel", LogLevel.INFO);
    }

    /** Back to the default text logging at INFO, for the tests that follow in the same JVM. */
    public static void defaultLogging() {
        applyLogging(new StandardEnvironment());
        LoggingSystem logging = LoggingSystem.get(ObservedBatch.class.getClassLoader());
        logging.setLogLevel("io.kotanihub", LogLevel.INFO);
    }
}

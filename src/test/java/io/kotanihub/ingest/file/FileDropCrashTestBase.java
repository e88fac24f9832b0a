package io.kotanihub.ingest.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.Reader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kotanihub.KotaniHubApplication;
import io.kotanihub.ledger.BatchRepository;
import io.kotanihub.sandbox.SandboxProperties;
import io.kotanihub.sandbox.SandboxServer;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Crash safety of the file drop: a hub is halted while it hands a dropped file's rows to the ledger (its context
 * closed with a one-second Camel shutdown timeout); a new hub on the same database and folders finds the file still
 * in the inbox, takes the unfinished batch over once its lease has passed, and completes it: every row is reported
 * in the result with the status the sandbox predicts, and the sandbox (a standalone server that outlives both
 * hubs) saw exactly one create call per reference.
 */
abstract class FileDropCrashTestBase {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static ConfigurableApplicationContext sandbox;
    private static int sandboxPort;

    /** A fresh database for this test, as Spring properties (URL, credentials, profile). */
    abstract Map<String, Object> database();

    @BeforeAll
    static void startSandbox() {
        SandboxProperties properties = new SandboxProperties();
        properties.setPort(0);
        properties.setSettleDelay(Duration.ofMillis(200));
        properties.setStepDelay(Duration.ofMillis(50));
        properties.getRateLimits().setEnabled(false);
        properties.setWebhookSecret("");
        sandbox = SandboxServer.start(properties);
        sandboxPort = SandboxServer.port(sandbox);
    }

    @AfterAll
    static void stopSandbox() {
        sandbox.close();
    }

    private ConfigurableApplicationContext startHub(Map<String, Object> database, Path root) {
        Map<String, Object> properties = new LinkedHashMap<>(database);
        properties.put("hub.sandbox.enabled", "false");
        properties.put("hub.kotani.base-url", "http://localhost:" + sandboxPort);
        properties.put("hub.kotani.throttle.enabled", "false");
        properties.put("hub.kotani.connect-timeout", "500ms");
        properties.put("hub.kotani.request-timeout", "2s");
        properties.put("hub.dispatch.poll-interval", "100ms");
        properties.put("hub.dispatch.abandoned-after", "3s");
        properties.put("hub.dispatch.reconcile-interval", "300ms");
        properties.put("hub.dispatch.status-poll-interval", "100ms");
        properties.put("hub.dispatch.status-check-min", "200ms");
        properties.put("hub.dispatch.status-check-max", "500ms");
        properties.put("hub.dispatch.correction-window", "0s");
        properties.put("hub.files.inbox", root.resolve("inbox"));
        properties.put("hub.files.outbox", root.resolve("outbox"));
        properties.put("hub.files.archive", root.resolve("archive"));
        properties.put("hub.files.error", root.resolve("error"));
        properties.put("hub.files.poll-delay", "100ms");
        properties.put("hub.files.stable-for", "200ms");
        properties.put("hub.files.result-check-interval", "200ms");
        properties.put("hub.files.chunk-size", "2");
        properties.put("hub.files.batch-lease", "2s");
        properties.put("camel.main.shutdown-timeout", "1");
        String[] args = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        return new SpringApplicationBuilder(KotaniHubApplication.class).web(WebApplicationType.NONE).run(args);
    }

    @Test
    void aHubHaltedInTheMiddleOfAFileLeavesABatchTheNextHubCompletesWithOneCreatePerReference() throws Exception {
        Map<String, Object> database = database();
        Path root = Path.of("target", "file-drop-crash-" + UUID.randomUUID().toString().substring(0, 8))
                .toAbsolutePath();
        String run = UUID.randomUUID().toString().substring(0, 6);
        String[] phones = {"+254700000001", "+254700000010", "+254700000013", "+254722000001"};
        String[] outcomes = {"SUCCESSFUL", "FAILED", "CANCELLED", "SUCCESSFUL"};
        Map<String, String> expected = new LinkedHashMap<>();
        StringBuilder content = new StringBuilder("reference,amount,currency,phone,network,name\n");
        for (int i = 0; i < 240; i++) {
            String reference = "C" + run + "-" + i;
            content.append(reference).append(",25,KES,").append(phones[i % 4]).append(",MPESA,Jane Doe\n");
            expected.put(reference, outcomes[i % 4]);
        }
        String name = "halted-" + run + ".csv";

        ConfigurableApplicationContext first = startHub(database, root);
        try {
            Files.createDirectories(root.resolve("inbox"));
            Path tmp = root.resolve("inbox").resolve(name + ".tmp");
            Files.writeString(tmp, content, StandardCharsets.UTF_8);
            Files.move(tmp, root.resolve("inbox").resolve(name), StandardCopyOption.ATOMIC_MOVE);
            JdbcTemplate jdbc = first.getBean(JdbcTemplate.class);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).until(() -> {
                Integer handed = jdbc.query("select dispatched_rows from batches where file_name = ?",
                        rs -> rs.next() ? rs.getInt(1) : null, name);
                return handed != null && handed >= 20;
            });
        } finally {
            first.close();
        }

        ConfigurableApplicationContext second = startHub(database, root);
        try {
            Path result = root.resolve("outbox").resolve("halted-" + run + ".result.csv");
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                    .until(() -> Files.exists(result));
            Map<String, String> reported = new LinkedHashMap<>();
            try (Reader reader = Files.newBufferedReader(result, StandardCharsets.UTF_8);
                 CSVParser parser = CSVParser.builder().setReader(reader)
                         .setFormat(CSVFormat.RFC4180.builder().setHeader().get()).get()) {
                for (CSVRecord record : parser) {
                    assertThat(reported.put(record.get("reference"), record.get("status")))
                            .as("reported once: " + record.get("reference")).isNull();
                }
            }
            assertThat(reported).isEqualTo(expected);
            Map<String, Integer> creates = createCalls();
            for (String reference : expected.keySet()) {
                assertThat(creates.get(reference)).as("create calls for " + reference).isEqualTo(1);
            }
            BatchRepository batches = second.getBean(BatchRepository.class);
            String batchId = second.getBean(JdbcTemplate.class).queryForObject(
                    "select id from batches where file_name = ?", String.class, name);
            assertThat(batches.findById(batchId).orElseThrow().dispatchedRows()).isEqualTo(240);
            assertThat(root.resolve("archive").resolve(name)).exists();
            assertThat(root.resolve("inbox").resolve(name)).doesNotExist();
        } finally {
            second.close();
        }
    }

    private static Map<String, Integer> createCalls() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + sandboxPort + "/sandbox/transactions")).build(),
                HttpResponse.BodyHandlers.ofString());
        Map<String, Integer> calls = new HashMap<>();
        for (JsonNode txn : JSON.readTree(response.body()).path("transactions")) {
            calls.merge(txn.path("reference").asText(), txn.path("createCalls").asInt(), Integer::sum);
        }
        return calls;
    }
}

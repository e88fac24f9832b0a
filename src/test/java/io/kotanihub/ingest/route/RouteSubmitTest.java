package io.kotanihub.ingest.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
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
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@code direct:kotani-hub-submit}, reached from a user's YAML route that the hub loads from a routes folder (the
 * shipped example {@code examples/routes/submit-from-file.camel.yaml}, copied there: no rebuild) and from a producer,
 * paid at the real sandbox and checked over the real REST API.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "hub.sandbox.port=0",
        "spring.datasource.url=jdbc:h2:mem:route-submit;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1"})
class RouteSubmitTest {

    static final Path USER_ROUTES;
    static final Path INBOX;

    static {
        try {
            Path root = Files.createTempDirectory("route-submit");
            USER_ROUTES = Files.createDirectories(root.resolve("routes"));
            INBOX = Files.createDirectories(root.resolve("inbox"));
            Files.copy(Path.of("examples/routes/submit-from-file.camel.yaml"),
                    USER_ROUTES.resolve("submit-from-file.camel.yaml"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void routes(DynamicPropertyRegistry registry) {
        registry.add("camel.main.routes-include-pattern",
                () -> "file:routes/*.camel.yaml,file:" + USER_ROUTES.toAbsolutePath() + "/*.camel.yaml");
        registry.add("example.submit.inbox", () -> INBOX.toAbsolutePath().toString());
    }

    @LocalServerPort
    int port;

    @Value("${hub.sandbox.port}")
    int sandboxPort;

    @Autowired
    CamelContext camel;

    @Autowired
    ProducerTemplate producer;

    final HttpClient http = HttpClient.newHttpClient();
    final ObjectMapper json = new ObjectMapper();

    static String command(String reference, String amount) {
        return """
                {"reference":"%s","amount":%s,"currency":"KES","method":"MOBILE_MONEY",
                 "recipient":{"name":"Jane Doe","phone":"+254700000001","network":"MPESA"}}
                """.formatted(reference, amount);
    }

    HttpResponse<String> getPayment(String reference) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/payments/" + reference))
                .header("Authorization", "Bearer hub_dev_key").build(), HttpResponse.BodyHandlers.ofString());
    }

    List<JsonNode> sandboxTransactions(String reference) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + sandboxPort + "/sandbox/transactions")).build(),
                HttpResponse.BodyHandlers.ofString());
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode txn : json.readTree(response.body()).get("transactions")) {
            if (reference.equals(txn.get("reference").asText())) {
                out.add(txn);
            }
        }
        return out;
    }

    /** Drops a command file into the user route's folder (renamed into place whole) and waits for its outcome. */
    JsonNode dropAndAwaitOutcome(String name, String content) throws Exception {
        NotifyBuilder done = new NotifyBuilder(camel).fromRoute("submit-from-file").whenDone(1).create();
        Path part = INBOX.resolve(name + ".part");
        Files.writeString(part, content, StandardCharsets.UTF_8);
        Files.move(part, INBOX.resolve(name + ".json"), StandardCopyOption.ATOMIC_MOVE);
        assertThat(done.matches(30, TimeUnit.SECONDS)).as("the user route processed " + name).isTrue();
        Path outcome = INBOX.resolve("done").resolve(name + ".outcome.json");
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(outcome));
        return json.readTree(Files.readString(outcome));
    }

    @Test
    void aUserRouteDroppedIntoTheRoutesFolderPaysOnceWithItsSource() throws Exception {
        String reference = "route-" + UUID.randomUUID();
        JsonNode first = dropAndAwaitOutcome("pay-1", command(reference, "\"120.50\""));
        assertThat(first.get("outcome").asText()).isEqualTo("accepted");
        assertThat(first.get("source").asText()).isEqualTo("FOLDER");
        assertThat(first.get("payment").get("reference").asText()).isEqualTo(reference);
        assertThat(first.get("problems")).isEmpty();

        await().atMost(Duration.ofSeconds(40)).untilAsserted(() ->
                assertThat(json.readTree(getPayment(reference).body()).get("status").asText()).isEqualTo("SUCCESSFUL"));
        JsonNode record = json.readTree(getPayment(reference).body());
        assertThat(record.get("source").asText()).isEqualTo("FOLDER");
        assertThat(record.get("amount").asText()).isEqualTo("120.5");

        JsonNode again = dropAndAwaitOutcome("pay-1-again", command(reference, "120.5"));
        assertThat(again.get("outcome").asText()).isEqualTo("replayed");
        assertThat(again.get("payment").get("status").asText()).isEqualTo("SUCCESSFUL");
        List<JsonNode> atSandbox = sandboxTransactions(reference);
        assertThat(atSandbox).hasSize(1);
        assertThat(atSandbox.get(0).get("status").asText()).isEqualTo("SUCCESSFUL");
        assertThat(atSandbox.get(0).get("createCalls").asInt()).isEqualTo(1);
    }

    @Test
    void anInvalidCommandFileListsEveryProblemAndStoresNothing() throws Exception {
        String reference = "route-bad-" + UUID.randomUUID();
        JsonNode outcome = dropAndAwaitOutcome("bad-1", "{\"reference\":\"" + reference
                + "\",\"amount\":\"-1\",\"currency\":\"XXX\",\"recipient\":{\"phone\":\"0700\"}}");
        assertThat(outcome.get("outcome").asText()).isEqualTo("invalid");
        assertThat(outcome.get("problems").findValuesAsText("field")).contains("amount", "currency");
        assertThat(outcome.get("problems").size()).isGreaterThan(2);
        assertThat(outcome.get("payment").isNull()).isTrue();
        assertThat(getPayment(reference).statusCode()).isEqualTo(404);
        assertThat(sandboxTransactions(reference)).isEmpty();
    }

    @Test
    void aMapBodyIsAcceptedReplayedAndRefusedWithDifferentContent() throws Exception {
        String reference = "route-map-" + UUID.randomUUID();
        Map<String, Object> command = new LinkedHashMap<>();
        command.put("reference", reference);
        command.put("amount", 75);
        command.put("currency", "KES");
        command.put("method", "MOBILE_MONEY");
        command.put("recipient", Map.of("name", "Jane Doe", "phone", "+254700000001", "network", "MPESA"));

        Exchange accepted = producer.request("direct:kotani-hub-submit",
                e -> {
                    e.getMessage().setBody(command);
                    e.getMessage().setHeader(RouteCommandIntake.SOURCE_HEADER, "payroll.rabbit");
                });
        assertThat(accepted.getException()).isNull();
        assertThat(accepted.getMessage().getHeader(RouteCommandIntake.OUTCOME_HEADER)).isEqualTo("accepted");
        assertThat(accepted.getMessage().getHeader(RouteCommandIntake.REFERENCE_HEADER)).isEqualTo(reference);
        assertThat(json.readTree(getPayment(reference).body()).get("source").asText()).isEqualTo("payroll.rabbit");

        Map<?, ?> replayed = producer.requestBodyAndHeader("direct:kotani-hub-submit", command(reference, "75.00"),
                RouteCommandIntake.SOURCE_HEADER, "payroll.rabbit", Map.class);
        assertThat(replayed.get("outcome")).isEqualTo("replayed");
        assertThat(((Map<?, ?>) replayed.get("payment")).get("reference")).isEqualTo(reference);

        command.put("amount", "76");
        Map<?, ?> conflict = producer.requestBody("direct:kotani-hub-submit", command, Map.class);
        assertThat(conflict.get("outcome")).isEqualTo("conflict");
        assertThat(conflict.get("payment")).isNull();
        assertThat(json.readTree(getPayment(reference).body()).get("amount").asText()).isEqualTo("75");
    }

    @Test
    void aBadSourceOrAnUnreadableBodyIsAnInvalidOutcomeNotAnException() throws Exception {
        String reference = "route-src-" + UUID.randomUUID();
        Exchange badSource = producer.request("direct:kotani-hub-submit", e -> {
            e.getMessage().setBody(command(reference, "10").getBytes(StandardCharsets.UTF_8));
            e.getMessage().setHeader(RouteCommandIntake.SOURCE_HEADER, "payroll queue\n" + "x".repeat(50));
        });
        assertThat(badSource.getException()).isNull();
        assertThat(badSource.getMessage().getHeader(RouteCommandIntake.OUTCOME_HEADER)).isEqualTo("invalid");
        Map<?, ?> body = badSource.getMessage().getBody(Map.class);
        assertThat(((List<?>) body.get("problems")).toString()).contains(RouteCommandIntake.SOURCE_HEADER);
        assertThat((String) body.get("source")).doesNotContain("\n");
        assertThat(getPayment(reference).statusCode()).isEqualTo(404);

        Map<?, ?> unreadable = producer.requestBody("direct:kotani-hub-submit", "not json", Map.class);
        assertThat(unreadable.get("outcome")).isEqualTo("invalid");
        assertThat(((List<?>) unreadable.get("problems")).toString()).contains("not valid JSON");

        Map<?, ?> unknownMember = producer.requestBody("direct:kotani-hub-submit",
                "{\"reference\":\"x\",\"amount\":1,\"currency\":\"KES\",\"amout\":2}", Map.class);
        assertThat(unknownMember.get("outcome")).isEqualTo("invalid");
        assertThat(((List<?>) unknownMember.get("problems")).toString()).contains("amout");

        Map<?, ?> empty = producer.requestBody("direct:kotani-hub-submit", (Object) null, Map.class);
        assertThat(empty.get("outcome")).isEqualTo("invalid");
    }
}

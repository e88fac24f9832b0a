package io.kotanihub.sandbox.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kotanihub.sandbox.SandboxProperties;
import io.kotanihub.sandbox.SandboxServer;
import io.kotanihub.sandbox.core.WebhookPublisher;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The sandbox's webhook delivery over real HTTP to a real local receiver: signed bodies and headers byte for byte,
 * direct callbacks, retries, per-reference order, the duplicate and out-of-order faults, and the integrator's
 * run-time webhook settings. Events are published through the sandbox's {@link WebhookPublisher} bean, exactly as
 * its payment flows publish them.
 */
class WebhookDeliveryTest {

    static final String KEY = "sk_sandbox_local";
    static final ObjectMapper MAPPER = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final AtomicInteger REFS = new AtomicInteger();

    static ConfigurableApplicationContext sandbox;
    static CapturingReceiver receiver;
    static String base;
    static WebhookPublisher publisher;

    @BeforeAll
    static void start() throws Exception {
        SandboxProperties props = new SandboxProperties();
        props.setPort(0);
        props.getRateLimits().setEnabled(false);
        props.getWebhooks().setInitialBackoff(Duration.ofMillis(50));
        props.getWebhooks().setMaxBackoff(Duration.ofMillis(200));
        props.getWebhooks().setMaxAttempts(4);
        props.getWebhooks().setTimeout(Duration.ofSeconds(3));
        props.getWebhooks().setOutOfOrderWindow(Duration.ofMillis(400));
        sandbox = SandboxServer.start(props);
        base = "http://127.0.0.1:" + SandboxServer.port(sandbox);
        publisher = sandbox.getBean(WebhookPublisher.class);
        receiver = new CapturingReceiver();
    }

    @AfterAll
    static void stop() {
        receiver.close();
        sandbox.close();
    }

    @BeforeEach
    void reset() throws Exception {
        assertThat(call("POST", "/sandbox/reset", null, null).statusCode()).isEqualTo(200);
        receiver.clear();
    }

    static String uniquePath() {
        return "/hook-" + REFS.incrementAndGet();
    }

    static HttpResponse<String> call(String method, String path, String body, String key) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<String> response) throws Exception {
        return MAPPER.readTree(response.body());
    }

    static ObjectNode data(String json) throws Exception {
        return (ObjectNode) MAPPER.readTree(json);
    }

    static List<CapturingReceiver.Received> awaitReceived(String path, int count) {
        return await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received(path), r -> r.size() >= count);
    }

    static JsonNode log(String reference) throws Exception {
        return json(call("GET", "/sandbox/webhooks?reference=" + reference, null, null)).get("deliveries");
    }

    @Test
    void workedExampleIsDeliveredWithTheExactBytesAndHeadersOfSection19_2() throws Exception {
        assertThat(call("PATCH", "/api/v3/integrator/webhook", "{\"webhook_secret\":\"whsec_test_123\"}", KEY)
                .statusCode()).isEqualTo(200);
        String path = uniquePath();
        String canonical = "{\"event\":\"transaction.deposit.status.updated\",\"data\":{\"status\":\"SUCCESSFUL\","
                + "\"reference_id\":\"order-abc-001\",\"reference_number\":1001,\"id\":\"64a1b2c3d4e5f6a7b8c9d0e1\","
                + "\"amount\":1000,\"wallet_id\":\"64a1b2c3d4e5f6a7b8c9d0e2\",\"transaction_amount\":1025,"
                + "\"transaction_cost\":25,\"customer_key\":\"cust_abc123\",\"telco_id\":\"OEI2AK4D9X\"}}";
        publisher.publish("transaction.deposit.status.updated", (ObjectNode) data(canonical).get("data"),
                receiver.url(path), "order-abc-001");

        CapturingReceiver.Received got = awaitReceived(path, 1).get(0);
        String signature = "sha256=490d63b6195ad2e82e22b92612e42532bd4e1a453caec39103a61d9748fb7239";
        assertThat(canonical.getBytes(StandardCharsets.UTF_8)).hasSize(318);
        assertThat(got.body()).isEqualTo((canonical.substring(0, canonical.length() - 1)
                + ",\"signature\":\"" + signature + "\"}").getBytes(StandardCharsets.UTF_8));
        assertThat(got.method()).isEqualTo("POST");
        assertThat(got.header("X-Kotani-Signature")).isEqualTo(signature);
        assertThat(got.header("X-Kotani-Event")).isEqualTo("transaction.deposit.status.updated");
        assertThat(got.header("X-Kotani-Integrator")).isEqualTo(new SandboxProperties().getIntegratorId());
        assertThat(got.header("Content-Type")).isEqualTo("application/json");

        await().untilAsserted(() -> {
            JsonNode entry = log("order-abc-001").get(0);
            assertThat(entry.get("delivered").asBoolean()).isTrue();
            assertThat(entry.get("mode").asText()).isEqualTo("SIGNED");
            assertThat(entry.get("attempts").asInt()).isEqualTo(1);
            assertThat(entry.get("lastStatus").asInt()).isEqualTo(200);
            assertThat(entry.get("target").asText()).isEqualTo(receiver.url(path));
        });
    }

    @Test
    void everyValidSignatureVectorIsDeliveredAsItsCanonicalStringPlusSignature() throws Exception {
        JsonNode vectors = JsJsonTest.vectors();
        String secret = vectors.get("secret").asText();
        assertThat(call("PATCH", "/api/v3/integrator/webhook",
                "{\"webhook_secret\":\"" + secret + "\"}", KEY).statusCode()).isEqualTo(200);
        List<JsonNode> cases = JsJsonTest.validCases();
        String path = uniquePath();
        for (JsonNode vector : cases) {
            ObjectNode parsed = (ObjectNode) new ObjectMapper().readTree(vector.get("body").asText());
            publisher.publish(parsed.get("event").asText(), (ObjectNode) parsed.get("data"), receiver.url(path),
                    "vector-" + vector.get("name").asText());
        }
        List<CapturingReceiver.Received> got = awaitReceived(path, cases.size());
        for (JsonNode vector : cases) {
            String canonical = vector.get("canonical").asText();
            String header = vector.get("header").asText();
            byte[] expected = (canonical.substring(0, canonical.length() - 1) + ",\"signature\":\"" + header + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            assertThat(got).as(vector.get("name").asText())
                    .anySatisfy(r -> {
                        assertThat(r.body()).isEqualTo(expected);
                        assertThat(r.header("X-Kotani-Signature")).isEqualTo(header);
                    });
        }
    }

    @Test
    void withoutASecretTransactionEventsGoAsDirectCallbacksOfDataAlone() throws Exception {
        HttpResponse<String> patched = call("PATCH", "/api/v3/integrator/webhook",
                "{\"webhook_secret\":\"\",\"webhook_url\":\"" + receiver.url("/integrator-hook") + "\"}", KEY);
        assertThat(patched.statusCode()).isEqualTo(200);
        String path = uniquePath();
        String dataJson = "{\"status\":\"SUCCESSFUL\",\"referenceId\":\"payout-xyz-001\",\"referenceNumber\":2001,"
                + "\"amount\":500.50,\"errorMessage\":\"caf\u00e9 \\u0001\"}";
        publisher.publish("transaction.withdrawal.status.updated", data(dataJson), receiver.url(path), "payout-xyz-001");
        publisher.publish("system.event", data("{\"message\":\"maintenance\"}"), receiver.url(path), "sys-1");
        publisher.publish("transaction.withdrawal.status.updated", data(dataJson), null, "payout-no-callback");

        CapturingReceiver.Received got = awaitReceived(path, 1).get(0);
        assertThat(got.bodyText()).isEqualTo("{\"status\":\"SUCCESSFUL\",\"referenceId\":\"payout-xyz-001\","
                + "\"referenceNumber\":2001,\"amount\":500.5,\"errorMessage\":\"caf\u00e9 \\u0001\"}");
        assertThat(got.header("X-Kotani-Signature")).isNull();
        assertThat(got.header("X-Kotani-Event")).isNull();
        assertThat(got.header("X-Kotani-Integrator")).isNull();
        assertThat(got.header("Content-Type")).isEqualTo("application/json");
        await().untilAsserted(() -> {
            assertThat(log("payout-xyz-001").get(0).get("mode").asText()).isEqualTo("DIRECT");
            assertThat(log("payout-xyz-001").get(0).get("delivered").asBoolean()).isTrue();
        });
        assertThat(log("sys-1").get(0).get("outcome").asText()).isEqualTo("NO_TARGET");
        assertThat(log("payout-no-callback").get(0).get("outcome").asText()).isEqualTo("NO_TARGET");
        assertThat(receiver.received(path)).hasSize(1);
        assertThat(receiver.received("/integrator-hook")).isEmpty();
        assertThat(json(call("GET", "/sandbox/webhooks", null, null)).get("mode").asText()).isEqualTo("DIRECT");
    }

    @Test
    void failedAttemptsAreRetriedWithBackoffAndTheReferencesNextEventWaitsForTheFirst() throws Exception {
        String path = uniquePath();
        receiver.respond(path, 500, 503, 200);
        publisher.publish("transaction.deposit.status.updated", data("{\"status\":\"PENDING\",\"reference_id\":\"r-1\"}"),
                receiver.url(path), "r-1");
        publisher.publish("transaction.deposit.status.updated",
                data("{\"status\":\"SUCCESSFUL\",\"reference_id\":\"r-1\"}"), receiver.url(path), "r-1");

        List<CapturingReceiver.Received> got = awaitReceived(path, 4);
        assertThat(got).extracting(r -> MAPPER.readTree(r.body()).get("data").get("status").asText())
                .containsExactly("PENDING", "PENDING", "PENDING", "SUCCESSFUL");
        assertThat(got.get(0).body()).isEqualTo(got.get(2).body());
        await().untilAsserted(() -> {
            JsonNode entries = log("r-1");
            assertThat(entries).hasSize(2);
            assertThat(entries.get(0).get("attempts").asInt()).isEqualTo(3);
            assertThat(entries.get(0).get("lastStatus").asInt()).isEqualTo(200);
            assertThat(entries.get(0).get("delivered").asBoolean()).isTrue();
            assertThat(entries.get(1).get("attempts").asInt()).isEqualTo(1);
            assertThat(entries.get(1).get("delivered").asBoolean()).isTrue();
        });
    }

    @Test
    void aDeliveryThatNeverSucceedsIsGivenUpAfterMaxAttemptsAndTheNextOneProceeds() throws Exception {
        String path = uniquePath();
        receiver.respond(path, 500, 500, 500, 500);
        publisher.publish("transaction.deposit.status.updated", data("{\"status\":\"PENDING\"}"), receiver.url(path),
                "r-2");
        publisher.publish("transaction.deposit.status.updated", data("{\"status\":\"FAILED\"}"), receiver.url(path),
                "r-2");
        List<CapturingReceiver.Received> got = awaitReceived(path, 5);
        assertThat(got).extracting(r -> MAPPER.readTree(r.body()).get("data").get("status").asText())
                .containsExactly("PENDING", "PENDING", "PENDING", "PENDING", "FAILED");
        await().untilAsserted(() -> {
            JsonNode entries = log("r-2");
            assertThat(entries.get(0).get("outcome").asText()).isEqualTo("GIVEN_UP");
            assertThat(entries.get(0).get("attempts").asInt()).isEqualTo(4);
            assertThat(entries.get(0).get("lastStatus").asInt()).isEqualTo(500);
            assertThat(entries.get(0).get("delivered").asBoolean()).isFalse();
            assertThat(entries.get(1).get("delivered").asBoolean()).isTrue();
        });
    }

    @Test
    void duplicateFaultDeliversTheSameBytesTwice() throws Exception {
        assertThat(call("POST", "/sandbox/faults", "{\"duplicateWebhookRate\":1}", null).statusCode()).isEqualTo(200);
        String path = uniquePath();
        publisher.publish("transaction.deposit.status.updated", data("{\"status\":\"SUCCESSFUL\"}"), receiver.url(path),
                "dup-1");
        List<CapturingReceiver.Received> got = awaitReceived(path, 2);
        assertThat(got.get(0).body()).isEqualTo(got.get(1).body());
        assertThat(got.get(0).header("X-Kotani-Signature")).isEqualTo(got.get(1).header("X-Kotani-Signature"));
        await().untilAsserted(() -> assertThat(log("dup-1")).extracting(e -> e.get("duplicate").asBoolean())
                .containsExactly(false, true));
    }

    @Test
    void outOfOrderFaultHoldsAReferencesEventsAndDeliversThemNewestFirst() throws Exception {
        assertThat(call("POST", "/sandbox/faults", "{\"outOfOrderWebhooks\":true}", null).statusCode()).isEqualTo(200);
        String path = uniquePath();
        for (String status : List.of("PENDING", "INITIATED", "SUCCESSFUL")) {
            publisher.publish("transaction.deposit.status.updated", data("{\"status\":\"" + status + "\"}"),
                    receiver.url(path), "ooo-1");
        }
        assertThat(log("ooo-1")).extracting(e -> e.get("outcome").asText()).containsOnly("HELD");
        List<CapturingReceiver.Received> got = awaitReceived(path, 3);
        assertThat(got).extracting(r -> MAPPER.readTree(r.body()).get("data").get("status").asText())
                .containsExactly("SUCCESSFUL", "INITIATED", "PENDING");
    }

    @Test
    void integratorSettingsAreReadAndPatchedAndNeverEchoTheSecret() throws Exception {
        assertThat(call("GET", "/api/v3/integrator", null, null).statusCode()).isEqualTo(401);
        JsonNode initial = json(call("GET", "/api/v3/integrator", null, KEY));
        assertThat(initial.get("success").asBoolean()).isTrue();
        assertThat(initial.get("message").asText()).isEqualTo("The record has been successfully retrieved.");
        assertThat(initial.get("data").get("id").asText()).isEqualTo(new SandboxProperties().getIntegratorId());
        assertThat(initial.get("data").get("webhook_url").isNull()).isTrue();
        assertThat(initial.get("data").has("webhook_secret")).isFalse();

        HttpResponse<String> invalid = call("PATCH", "/api/v3/integrator/webhook",
                "{\"webhook_url\":\"not a url\",\"webhook_events\":[\"transaction.completed\"],\"webhook_secret\":5}",
                KEY);
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(json(invalid).get("data").get("errors")).hasSize(3);

        String hook = receiver.url("/integrator-hook");
        HttpResponse<String> patched = call("PATCH", "/api/v3/integrator/webhook", "{\"webhook_url\":\"" + hook
                + "\",\"webhook_secret\":\"whsec_rotated_0123456789abcdef\","
                + "\"webhook_events\":[\"transaction.withdrawal.status.updated\"]}", KEY);
        assertThat(patched.statusCode()).isEqualTo(200);
        JsonNode view = json(patched);
        assertThat(view.get("message").asText()).isEqualTo("Integrator webhook settings updated successfully.");
        assertThat(view.get("data").get("webhook_url").asText()).isEqualTo(hook);
        assertThat(view.get("data").get("webhook_events")).extracting(JsonNode::asText)
                .containsExactly("transaction.withdrawal.status.updated");
        assertThat(patched.body()).doesNotContain("whsec_rotated");
        assertThat(call("GET", "/api/v3/integrator", null, KEY).body()).doesNotContain("whsec_rotated");

        publisher.publish("transaction.withdrawal.status.updated", data("{\"status\":\"SUCCESSFUL\"}"), null, "int-1");
        publisher.publish("transaction.deposit.status.updated", data("{\"status\":\"SUCCESSFUL\"}"), null, "int-2");
        CapturingReceiver.Received got = awaitReceived("/integrator-hook", 1).get(0);
        assertThat(got.header("X-Kotani-Signature")).isEqualTo(WebhookSigner.signature(
                "whsec_rotated_0123456789abcdef", "{\"event\":\"transaction.withdrawal.status.updated\","
                        + "\"data\":{\"status\":\"SUCCESSFUL\"}}"));
        assertThat(log("int-2").get(0).get("outcome").asText()).isEqualTo("NOT_SUBSCRIBED");

        call("POST", "/sandbox/reset", null, null);
        JsonNode afterReset = json(call("GET", "/api/v3/integrator", null, KEY)).get("data");
        assertThat(afterReset.get("webhook_url").isNull()).isTrue();
        assertThat(afterReset.get("webhook_events")).isEmpty();
        assertThat(json(call("GET", "/sandbox/webhooks", null, null)).get("count").asInt()).isZero();
        assertThat(json(call("GET", "/sandbox/webhooks", null, null)).get("mode").asText()).isEqualTo("SIGNED");
    }
}

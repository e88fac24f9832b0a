package io.kotanihub.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kotanihub.KotaniHubApplication;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A hub stops between Kotani's answer and the delivery of the provider's settlement report (Kotani refuses reports
 * with 503 meanwhile); a new hub on the same database finds the refund_config and the pending report, delivers the
 * report once Kotani is back, and follows the transfer to COMPLETED by polling (the first hub's callback URL is gone).
 * The sandbox runs on its own (profile {@code sandbox}) so that it outlives the first hub.
 */
class BridgeCrashTest {

    static final String DB = "jdbc:h2:mem:bridge-crash;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
            + "DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1";

    static ConfigurableApplicationContext hub(int sandboxPort) {
        return KotaniHubApplication.start("--server.port=0", "--hub.sandbox.enabled=false",
                "--hub.kotani.base-url=http://localhost:" + sandboxPort, "--spring.datasource.url=" + DB,
                "--hub.kotani.throttle.enabled=false", "--hub.kotani.request-timeout=2s",
                "--hub.bridge.wallet-id=64a1b2c3d4e5f6a7b8c9d0e2", "--hub.bridge.poll-interval=500ms",
                "--hub.bridge.reports.retry-schedule=200ms", "--hub.files.inbox=target/bridge-crash/inbox",
                "--hub.files.outbox=target/bridge-crash/outbox", "--hub.files.archive=target/bridge-crash/archive",
                "--hub.files.error=target/bridge-crash/error");
    }

    static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    static JsonNode awaitTransfer(BridgeHttp http, String reference, Predicate<JsonNode> condition) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
            last[0] = http.transfer(reference);
            return condition.test(last[0]);
        });
        return last[0];
    }

    @Test
    void refundConfigAndPendingSettlementReportSurviveTheHub() throws Exception {
        try (ConfigurableApplicationContext sandbox = KotaniHubApplication.start("--spring.profiles.active=sandbox",
                "--hub.sandbox.port=0", "--hub.sandbox.rate-limits.enabled=false",
                "--hub.sandbox.bridge.stage-delay=300ms")) {
            int sandboxPort = port(sandbox);
            ObjectNode request = BridgeHttp.request("MOBILE_MONEY");
            String ref = request.get("provider_reference_id").asText();
            JsonNode refundConfig;
            ConfigurableApplicationContext first = hub(sandboxPort);
            try {
                BridgeHttp http = new BridgeHttp(port(first), sandboxPort);
                HttpResponse<String> created = http.api("POST", "", request.toString());
                assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
                refundConfig = BridgeHttp.JSON.readTree(created.body()).get("refund_config");
                awaitTransfer(http, ref, t -> "PAYMENT_CONFIRMED".equals(t.path("status").asText()));
                http.sandboxFaults("{\"errorRate\":1,\"errorStatus\":503,\"scope\":\"CREATES\"}");
                HttpResponse<String> settled = http.api("POST", "/" + ref + "/settlement",
                        BridgeHttp.completed("MOBILE_MONEY"));
                assertThat(settled.statusCode()).as(settled.body()).isEqualTo(202);
                awaitTransfer(http, ref, t -> t.get("reports").get(0).get("attempts").asInt() >= 1);
            } finally {
                first.close();
            }
            ConfigurableApplicationContext second = hub(sandboxPort);
            try {
                BridgeHttp http = new BridgeHttp(port(second), sandboxPort);
                JsonNode found = http.transfer(ref);
                assertThat(found.get("refund_config")).isEqualTo(refundConfig);
                assertThat(found.get("reports").get(0).get("state").asText()).isEqualTo("PENDING");
                http.sandboxFaults("{\"errorRate\":0}");
                JsonNode done = awaitTransfer(http, ref, t -> "COMPLETED".equals(t.path("status").asText()));
                assertThat(done.get("reports").get(0).get("state").asText()).isEqualTo("DELIVERED");
                assertThat(http.history(ref)).containsExactly("DEPOSIT_INITIATED", "DEPOSIT_CONFIRMED",
                        "PAYMENT_SENT", "PAYMENT_CONFIRMED", "COMPLETED");
                assertThat(http.sandboxCreateCalls(ref)).isEqualTo(1);
            } finally {
                second.close();
            }
        }
    }
}

package io.kotanihub.sandbox.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kotanihub.sandbox.SandboxProperties;
import io.kotanihub.sandbox.SandboxServer;
import io.kotanihub.sandbox.core.WebhookPublisher;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * §19.5: a failed webhook is retried with exponential backoff, at most every 2 hours, for up to 24 hours. The
 * default schedule is checked as a whole; over real HTTP a sandbox with the schedule shortened (backoff 100 ms to
 * 400 ms, retried for 4 s, no cap on the attempts, as by default) reaches a receiver that was down for 2.5 s, longer
 * than the 8 attempts the sandbox used to give up after, and gives up only once the retry period has passed.
 */
class WebhookRetryScheduleTest {

    static final ObjectMapper MAPPER = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final Duration RETRY_FOR = Duration.ofSeconds(4);

    static ConfigurableApplicationContext sandbox;
    static WebhookPublisher publisher;
    static String base;

    @BeforeAll
    static void start() {
        SandboxProperties props = new SandboxProperties();
        props.setPort(0);
        props.getRateLimits().setEnabled(false);
        props.setWebhookSecret("");
        props.getWebhooks().setInitialBackoff(Duration.ofMillis(100));
        props.getWebhooks().setMaxBackoff(Duration.ofMillis(400));
        props.getWebhooks().setRetryFor(RETRY_FOR);
        props.getWebhooks().setTimeout(Duration.ofSeconds(2));
        sandbox = SandboxServer.start(props);
        publisher = sandbox.getBean(WebhookPublisher.class);
        base = "http://127.0.0.1:" + SandboxServer.port(sandbox);
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @Test
    void theDefaultScheduleBacksOffExponentiallyToEveryTwoHoursAndEndsExactly24HoursAfterTheFirstAttempt() {
        SandboxProperties.Webhooks defaults = new SandboxProperties().getWebhooks();
        assertThat(defaults.getMaxAttempts()).as("no cap on the count: the 24 hours end the retries").isZero();
        List<Duration> retries = WebhookDispatcher.schedule(defaults);
        List<Duration> gaps = new ArrayList<>();
        Duration previous = Duration.ZERO;
        for (Duration at : retries) {
            gaps.add(at.minus(previous));
            previous = at;
        }
        assertThat(retries.get(retries.size() - 1)).isEqualTo(Duration.ofHours(24));
        assertThat(gaps).allSatisfy(gap -> assertThat(gap).isPositive().isLessThanOrEqualTo(Duration.ofHours(2)));
        List<Duration> expected = new ArrayList<>();
        for (int i = 1; i <= 12; i++) {
            expected.add(Duration.ofSeconds(1L << i));
        }
        for (int i = 0; i < 10; i++) {
            expected.add(Duration.ofHours(2));
        }
        expected.add(Duration.ofHours(24).minus(Duration.ofSeconds(8190)).minus(Duration.ofHours(20)));
        assertThat(gaps).as("2 s, 4 s … 4096 s, then every 2 h, the last one cut to end at 24 h")
                .containsExactlyElementsOf(expected);
        assertThat(retries).hasSize(23);
        assertThat(WebhookDispatcher.nextRetry(defaults, 23, Duration.ofHours(24))).isNull();
        assertThat(WebhookDispatcher.nextRetry(defaults, 100, Duration.ofHours(23))).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void aReceiverDownForLongerThanEightAttemptsStillGetsTheWebhook() throws Exception {
        int port = freePort();
        String reference = "down-" + System.nanoTime();
        publisher.publish("transaction.deposit.status.updated", data(reference), "http://127.0.0.1:" + port + "/hook",
                reference);
        Thread.sleep(2_500);
        JsonNode pending = log(reference);
        assertThat(pending.get("outcome").asText()).isEqualTo("RETRY_SCHEDULED");
        assertThat(pending.get("attempts").asInt()).as("the 8 attempts the sandbox used to give up after")
                .isGreaterThanOrEqualTo(8);
        assertThat(pending.get("lastError").asText()).isNotBlank();
        assertThat(pending.get("nextAttemptAt").isNull()).isFalse();

        try (CapturingReceiver receiver = new CapturingReceiver(port)) {
            await().atMost(Duration.ofSeconds(5)).until(() -> !receiver.received("/hook").isEmpty());
            JsonNode got = MAPPER.readTree(receiver.received("/hook").get(0).body());
            assertThat(got.get("reference_id").asText()).isEqualTo(reference);
            await().untilAsserted(() -> {
                JsonNode delivered = log(reference);
                assertThat(delivered.get("outcome").asText()).isEqualTo("DELIVERED");
                assertThat(delivered.get("lastStatus").asInt()).isEqualTo(200);
            });
            assertThat(receiver.received("/hook")).hasSize(1);
        }
    }

    @Test
    void aReceiverDownForTheWholeRetryPeriodIsGivenUpOnlyWhenItEnds() throws Exception {
        int port = freePort();
        String reference = "gone-" + System.nanoTime();
        publisher.publish("transaction.deposit.status.updated", data(reference), "http://127.0.0.1:" + port + "/hook",
                reference);
        Thread.sleep(RETRY_FOR.toMillis() - 500);
        assertThat(log(reference).get("outcome").asText()).isEqualTo("RETRY_SCHEDULED");
        await().atMost(Duration.ofSeconds(5)).until(() -> "GIVEN_UP".equals(log(reference).get("outcome").asText()));
        JsonNode given = log(reference);
        Duration firstToLast = Duration.between(Instant.parse(given.get("createdAt").asText()),
                Instant.parse(given.get("lastAttemptAt").asText()));
        assertThat(firstToLast).as("the last retry falls at the end of the retry period")
                .isBetween(RETRY_FOR.minusMillis(50), RETRY_FOR.plusSeconds(1));
        assertThat(given.get("nextAttemptAt").isNull()).isTrue();
    }

    static ObjectNode data(String reference) {
        return MAPPER.createObjectNode().put("status", "SUCCESSFUL").put("reference_id", reference);
    }

    static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static JsonNode log(String reference) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                URI.create(base + "/sandbox/webhooks?reference=" + reference)).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode deliveries = MAPPER.readTree(response.body()).get("deliveries");
        assertThat(deliveries).hasSize(1);
        return deliveries.get(0);
    }
}

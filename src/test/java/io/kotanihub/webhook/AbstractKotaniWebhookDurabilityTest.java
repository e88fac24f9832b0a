package io.kotanihub.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.kotanihub.KotaniHubApplication;
import io.kotanihub.dispatch.PaymentIntake;
import io.kotanihub.ledger.LedgerTime;
import io.kotanihub.ledger.Payment;
import io.kotanihub.ledger.PaymentRepository;
import io.kotanihub.model.PaymentStatus;
import io.kotanihub.sandbox.SandboxProperties;
import io.kotanihub.sandbox.SandboxServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Nothing acknowledged is lost: a hub receives and acknowledges Kotani's webhooks but dies before applying them (its
 * applier is not running; one event was even taken by an applier that then died). A new hub on the same database
 * applies every one of them. The sandbox is a standalone server that outlives both hubs; status polling is off, so
 * only the stored webhooks can settle the payments.
 */
abstract class AbstractKotaniWebhookDurabilityTest {

    private static ConfigurableApplicationContext sandboxServer;
    private static int sandboxPort;
    private final WebhookHttp http = new WebhookHttp();

    /** A fresh database for this test, as Spring properties (URL, credentials, profile). */
    abstract Map<String, Object> database();

    @BeforeAll
    static void startSandbox() {
        SandboxProperties properties = new SandboxProperties();
        properties.setPort(0);
        properties.setSettleDelay(Duration.ofMillis(200));
        properties.setStepDelay(Duration.ofMillis(50));
        properties.getRateLimits().setEnabled(false);
        properties.getWebhooks().setInitialBackoff(Duration.ofMillis(200));
        sandboxServer = SandboxServer.start(properties);
        sandboxPort = SandboxServer.port(sandboxServer);
    }

    @AfterAll
    static void stopSandbox() {
        sandboxServer.close();
    }

    private ConfigurableApplicationContext startHub(Map<String, Object> database, boolean applying) {
        Map<String, Object> properties = new LinkedHashMap<>(database);
        properties.put("server.port", "0");
        properties.put("hub.sandbox.enabled", "false");
        properties.put("hub.kotani.base-url", "http://localhost:" + sandboxPort);
        properties.put("hub.kotani.throttle.enabled", "false");
        properties.put("hub.kotani.register-webhook-url", "true");
        properties.put("hub.kotani.webhook-apply.enabled", Boolean.toString(applying));
        properties.put("hub.kotani.webhook-apply.interval", "100ms");
        properties.put("hub.dispatch.poll-interval", "100ms");
        properties.put("hub.dispatch.status-poll-interval", "1h");
        properties.put("camel.main.shutdown-timeout", "1");
        String[] args = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        return new SpringApplicationBuilder(KotaniHubApplication.class).web(WebApplicationType.SERVLET).run(args);
    }

    @Test
    void webhooksAcknowledgedByAHubThatDiedBeforeApplyingThemAreAppliedByTheNextOne() throws Exception {
        Map<String, Object> database = database();
        http.sandbox(sandboxPort, "POST", "/sandbox/reset", "{}");
        String succeeds = AbstractKotaniWebhookApplyTest.ref("durable");
        String fails = AbstractKotaniWebhookApplyTest.ref("durable");
        long takenByTheDeadApplier;

        try (ConfigurableApplicationContext first = startHub(database, false)) {
            PaymentIntake intake = first.getBean(PaymentIntake.class);
            KotaniWebhookEventStore store = first.getBean(KotaniWebhookEventStore.class);
            intake.accept(AbstractKotaniWebhookApplyTest.payout(succeeds, "+254700000001"), "API", null, null);
            intake.accept(AbstractKotaniWebhookApplyTest.payout(fails, "+254700000010"), "API", null, null);

            await().atMost(Duration.ofSeconds(30)).until(() -> finalWebhookAcknowledged(succeeds)
                    && finalWebhookAcknowledged(fails));

            PaymentRepository payments = first.getBean(PaymentRepository.class);
            assertThat(List.of(succeeds, fails)).allSatisfy(reference -> {
                assertThat(payments.findByReference(reference).orElseThrow().status())
                        .isEqualTo(PaymentStatus.SUBMITTED);
                assertThat(store.findByReference(reference)).isNotEmpty()
                        .allSatisfy(event -> assertThat(event.processedAt()).isNull());
            });
            KotaniWebhookEvent last = store.findByReference(succeeds).stream()
                    .filter(e -> "SUCCESSFUL".equals(e.status())).findFirst().orElseThrow();
            Instant now = LedgerTime.now();
            assertThat(store.take(last, now, now.plus(Duration.ofSeconds(2)))).isPresent();
            takenByTheDeadApplier = last.id();
        }

        try (ConfigurableApplicationContext second = startHub(database, true)) {
            PaymentRepository payments = second.getBean(PaymentRepository.class);
            KotaniWebhookEventStore store = second.getBean(KotaniWebhookEventStore.class);

            await().atMost(Duration.ofSeconds(30)).until(() -> store.findByReference(succeeds).stream()
                    .allMatch(e -> e.processedAt() != null) && store.findByReference(fails).stream()
                    .allMatch(e -> e.processedAt() != null));

            Payment succeeded = payments.findByReference(succeeds).orElseThrow();
            Payment failed = payments.findByReference(fails).orElseThrow();
            assertThat(succeeded.status()).isEqualTo(PaymentStatus.SUCCESSFUL);
            assertThat(failed.status()).isEqualTo(PaymentStatus.FAILED);
            assertThat(payments.history(succeeded.id())).last().satisfies(change ->
                    assertThat(change.detail()).isEqualTo("Kotani status SUCCESSFUL (webhook)"));
            assertThat(store.findById(takenByTheDeadApplier)).hasValueSatisfying(event -> {
                assertThat(event.attempts()).as("taken again once its lease ran out").isEqualTo(2);
                assertThat(event.outcome()).isEqualTo(KotaniWebhookApplier.Outcome.APPLIED.name());
            });
        }
    }

    /** The sandbox delivered the reference's final webhook and the hub answered it with 200. */
    private boolean finalWebhookAcknowledged(String reference) throws Exception {
        JsonNode log = http.sandbox(sandboxPort, "GET", "/sandbox/webhooks?reference=" + reference, null);
        JsonNode transactions = http.sandbox(sandboxPort, "GET", "/sandbox/transactions", null).get("transactions");
        boolean settled = false;
        for (JsonNode txn : transactions) {
            if (reference.equals(txn.get("reference").asText())) {
                settled = List.of("SUCCESSFUL", "FAILED").contains(txn.get("status").asText());
            }
        }
        boolean allDelivered = log.get("deliveries").size() > 0;
        for (JsonNode delivery : log.get("deliveries")) {
            allDelivered &= delivery.get("delivered").asBoolean() && delivery.get("lastStatus").asInt() == 200;
        }
        return settled && allDelivered;
    }
}

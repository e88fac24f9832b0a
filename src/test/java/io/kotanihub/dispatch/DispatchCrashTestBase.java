package io.kotanihub.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.kotanihub.KotaniHubApplication;
import io.kotanihub.dispatch.SandboxControl.SandboxTxn;
import io.kotanihub.kotani.KotaniClient;
import io.kotanihub.kotani.KotaniResponse;
import io.kotanihub.kotani.PayoutRequests;
import io.kotanihub.kotani.PayoutWallets;
import io.kotanihub.ledger.LedgerTime;
import io.kotanihub.ledger.Payment;
import io.kotanihub.ledger.PaymentRepository;
import io.kotanihub.model.PaymentCommand;
import io.kotanihub.model.PaymentStatus;
import io.kotanihub.sandbox.SandboxProperties;
import io.kotanihub.sandbox.SandboxServer;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Crash safety: a hub is halted in the middle of dispatching (its routes stopped with a one-second shutdown timeout
 * while create calls are in flight, then the context closed), with payments left RECEIVED, SUBMITTING and UNKNOWN,
 * some of them already created at Kotani and some not. A new hub on the same database must settle every one of them
 * with exactly one create call each at the sandbox, which outlives the hubs (a standalone sandbox server). Two
 * new hubs share the database, as several instances may: they recover the halted work and pay new payments taken
 * in by either of them, and the atomic claim lets only one of them send each.
 */
abstract class DispatchCrashTestBase {

    private static ConfigurableApplicationContext sandboxServer;
    private static SandboxControl sandbox;
    private static int sandboxPort;

    /** A fresh database for this test, as Spring properties (URL, credentials, profile). */
    abstract Map<String, Object> database();

    @BeforeAll
    static void startSandbox() {
        SandboxProperties properties = new SandboxProperties();
        properties.setPort(0);
        properties.setSettleDelay(Duration.ofMillis(300));
        properties.setStepDelay(Duration.ofMillis(100));
        properties.getRateLimits().setEnabled(false);
        properties.setWebhookSecret("");
        sandboxServer = SandboxServer.start(properties);
        sandboxPort = SandboxServer.port(sandboxServer);
        sandbox = new SandboxControl(sandboxPort);
    }

    @AfterAll
    static void stopSandbox() {
        sandboxServer.close();
    }

    private ConfigurableApplicationContext startHub(Map<String, Object> database) {
        Map<String, Object> properties = new LinkedHashMap<>(database);
        properties.put("hub.sandbox.enabled", "false");
        properties.put("hub.kotani.base-url", "http://localhost:" + sandboxPort);
        properties.put("hub.kotani.throttle.enabled", "false");
        properties.put("hub.kotani.connect-timeout", "500ms");
        properties.put("hub.kotani.request-timeout", "2s");
        properties.put("hub.dispatch.concurrency", "4");
        properties.put("hub.dispatch.poll-interval", "100ms");
        properties.put("hub.dispatch.abandoned-after", "3s");
        properties.put("hub.dispatch.unknown-check-delay", "200ms");
        properties.put("hub.dispatch.reconcile-interval", "300ms");
        properties.put("hub.dispatch.status-poll-interval", "100ms");
        properties.put("hub.dispatch.status-check-min", "200ms");
        properties.put("hub.dispatch.status-check-max", "500ms");
        properties.put("hub.dispatch.retry-delay", "200ms");
        properties.put("hub.dispatch.correction-window", "0s");
        properties.put("camel.main.shutdown-timeout", "1");
        String[] args = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        return new SpringApplicationBuilder(KotaniHubApplication.class).web(WebApplicationType.NONE).run(args);
    }

    private static String ref(String what) {
        return what + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void newHubsSettleEverythingAHaltedOneLeftWithOneCreateEach() {
        Map<String, Object> database = database();
        Map<String, PaymentStatus> expected = new LinkedHashMap<>();
        String[] phones = {"+254700000001", "+254700000010", "+254700000013", "+254722000001"};
        PaymentStatus[] outcomes = {PaymentStatus.SUCCESSFUL, PaymentStatus.FAILED, PaymentStatus.CANCELLED,
                PaymentStatus.SUCCESSFUL};

        ConfigurableApplicationContext first = startHub(database);
        try {
            PaymentIntake intake = first.getBean(PaymentIntake.class);
            PaymentRepository payments = first.getBean(PaymentRepository.class);
            sandbox.faults("{\"latencyMs\":1000,\"scope\":\"CREATES\"}");

            for (int i = 0; i < 12; i++) {
                PaymentCommand cmd = Payouts.mobile(ref("halted"), "30", "KES", phones[i % 4]);
                intake.accept(cmd, "API", null, null);
                expected.put(cmd.reference(), outcomes[i % 4]);
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> expected.keySet().stream()
                    .anyMatch(r -> payments.findByReference(r).orElseThrow().status() == PaymentStatus.SUBMITTING));
            first.getBean(CamelContext.class).getRouteController().stopAllRoutes();

            expected.putAll(craftCrashStates(first, intake, payments));
            sandbox.faults("{\"latencyMs\":0}");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            first.close();
        }

        ConfigurableApplicationContext second = startHub(database);
        ConfigurableApplicationContext third = startHub(database);
        try {
            for (int i = 0; i < 16; i++) {
                PaymentCommand cmd = Payouts.mobile(ref("two-hubs"), "20", "KES", phones[i % 4]);
                (i % 2 == 0 ? second : third).getBean(PaymentIntake.class).accept(cmd, "API", null, null);
                expected.put(cmd.reference(), outcomes[i % 4]);
            }
            PaymentRepository payments = second.getBean(PaymentRepository.class);
            await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                Map<String, PaymentStatus> actual = new LinkedHashMap<>();
                expected.keySet().forEach(r -> actual.put(r, payments.findByReference(r).orElseThrow().status()));
                assertThat(actual).isEqualTo(expected);
            });
            Map<String, SandboxTxn> created = sandbox.transactions();
            for (String reference : expected.keySet()) {
                assertThat(created).containsKey(reference);
                assertThat(created.get(reference).createCalls()).as("create calls for %s", reference).isEqualTo(1);
                assertThat(payments.findByReference(reference).orElseThrow().kotaniId())
                        .isEqualTo(created.get(reference).id());
            }
        } finally {
            third.close();
            second.close();
        }
    }

    /**
     * With the routes stopped, leaves payments exactly as a crash at each point of the dispatch would: claimed and
     * sent (Kotani has it), claimed and not sent, UNKNOWN after a sent call, UNKNOWN for a call that never arrived,
     * and RECEIVED. Returns their references with the status each must end in.
     */
    private Map<String, PaymentStatus> craftCrashStates(ConfigurableApplicationContext hub, PaymentIntake intake,
                                                       PaymentRepository payments) {
        KotaniClient kotani = hub.getBean(KotaniClient.class);
        String walletId = hub.getBean(PayoutWallets.class).forCurrency("KES", Duration.ofSeconds(1)).walletId();
        Map<String, PaymentStatus> expected = new LinkedHashMap<>();
        for (String state : List.of("sent", "claimed", "unknown-sent", "unknown-lost", "received")) {
            PaymentCommand cmd = Payouts.paybill(ref("crash-" + state), "35", "100001");
            intake.accept(cmd, "API", null, null);
            expected.put(cmd.reference(), PaymentStatus.SUCCESSFUL);
            if (state.equals("received")) {
                continue;
            }
            Payment claimed = payments.claim(payments.findByReference(cmd.reference()).orElseThrow().id(),
                    LedgerTime.now().plusSeconds(3)).orElseThrow();
            if (state.contains("sent")) {
                KotaniResponse response = kotani.payout(PayoutRequests.of(cmd, null, walletId, null));
                assertThat(response.accepted()).isTrue();
            }
            if (state.startsWith("unknown")) {
                payments.update(claimed, claimed.withStatus(PaymentStatus.UNKNOWN).withNextCheckAt(LedgerTime.now()),
                        "crash test: outcome lost");
            }
        }
        return expected;
    }
}

package io.kotanihub.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import io.kotanihub.dispatch.IntakeResult.Outcome;
import io.kotanihub.dispatch.SandboxControl.SandboxTxn;
import io.kotanihub.ledger.Payment;
import io.kotanihub.ledger.PaymentRepository;
import io.kotanihub.ledger.StatusChange;
import io.kotanihub.model.CommandValidator;
import io.kotanihub.model.PaymentCommand;
import io.kotanihub.model.PaymentStatus;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The whole dispatch path against the sandbox over real HTTP: intake → ledger → dispatch route → Kotani (sandbox) →
 * classification → reconciler and status poller → final status, with the sandbox enforcing (scaled-down) rate
 * limits and the hub throttled to half of them. The sandbox is fast, so the tests are about outcomes, faults and
 * money safety: every reference is created at the sandbox exactly once.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE, properties = {
        "hub.sandbox.port=0",
        "hub.sandbox.settle-delay=300ms",
        "hub.sandbox.step-delay=800ms",
        "hub.sandbox.rate-limits.general.limit=40", "hub.sandbox.rate-limits.general.period=1s",
        "hub.sandbox.rate-limits.general.burst=40", "hub.sandbox.rate-limits.general.burst-period=1s",
        "hub.sandbox.rate-limits.read.limit=400", "hub.sandbox.rate-limits.read.period=1s",
        "hub.sandbox.rate-limits.read.burst=400", "hub.sandbox.rate-limits.read.burst-period=1s",
        "hub.kotani.throttle.general.limit=20", "hub.kotani.throttle.general.period=1s",
        "hub.kotani.throttle.general.burst=20", "hub.kotani.throttle.general.burst-period=1s",
        "hub.kotani.throttle.read.limit=200", "hub.kotani.throttle.read.period=1s",
        "hub.kotani.throttle.read.burst=200", "hub.kotani.throttle.read.burst-period=1s",
        "hub.kotani.connect-timeout=1s",
        "hub.kotani.request-timeout=3s",
        "hub.dispatch.poll-interval=100ms",
        "hub.dispatch.unknown-check-delay=200ms",
        "hub.dispatch.reconcile-interval=200ms",
        "hub.dispatch.status-poll-interval=100ms",
        "hub.dispatch.status-check-min=150ms",
        "hub.dispatch.status-check-max=500ms",
        "hub.dispatch.status-check-backoff=0.1",
        "hub.dispatch.retry-delay=200ms",
        "hub.dispatch.abandoned-after=5s",
        "hub.dispatch.not-found-grace=2s",
        "hub.dispatch.correction-window=3s",
        "hub.dispatch.check-lease=5s",
        "spring.datasource.url=jdbc:h2:mem:dispatch-flow;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1"})
abstract class DispatchFlowTestBase {

    private static final Duration SETTLED = Duration.ofSeconds(30);

    @Autowired
    PaymentIntake intake;

    @Autowired
    PaymentRepository payments;

    @Autowired
    CustomerResolver customers;

    @Value("${hub.sandbox.port}")
    int sandboxPort;

    SandboxControl sandbox;

    @BeforeEach
    void cleanSandbox() {
        sandbox = new SandboxControl(sandboxPort);
        sandbox.reset();
    }

    static String ref(String what) {
        return what + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private Map<String, PaymentStatus> submit(Map<PaymentCommand, PaymentStatus> expected) {
        Map<String, PaymentStatus> byReference = new LinkedHashMap<>();
        expected.forEach((cmd, status) -> {
            assertThat(intake.accept(cmd, "API", null, null).outcome()).isEqualTo(Outcome.ACCEPTED);
            byReference.put(cmd.reference(), status);
        });
        return byReference;
    }

    private Payment ledger(String reference) {
        return payments.findByReference(reference).orElseThrow();
    }

    private void awaitStatuses(Map<String, PaymentStatus> expected) {
        await().atMost(SETTLED).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            Map<String, PaymentStatus> actual = new LinkedHashMap<>();
            expected.keySet().forEach(r -> actual.put(r, ledger(r).status()));
            assertThat(actual).isEqualTo(expected);
        });
    }

    private void assertCreatedExactlyOnce(Iterable<String> references) {
        Map<String, SandboxTxn> created = sandbox.transactions();
        for (String reference : references) {
            assertThat(created).as("sandbox transaction for %s", reference).containsKey(reference);
            assertThat(created.get(reference).createCalls()).as("create calls for %s", reference).isEqualTo(1);
            assertThat(ledger(reference).kotaniId()).isEqualTo(created.get(reference).id());
        }
    }

    @Test
    void everySandboxOutcomeEndsInThePredictedStatus() {
        Map<PaymentCommand, PaymentStatus> plan = new LinkedHashMap<>();
        plan.put(Payouts.mobile(ref("ok"), "1500", "KES", "+254700000001"), PaymentStatus.SUCCESSFUL);
        plan.put(Payouts.mobile(ref("other-name"), "10.50", "KES", "+254700000002"), PaymentStatus.SUCCESSFUL);
        plan.put(Payouts.mobile(ref("funds"), "100", "KES", "+254700000010"), PaymentStatus.FAILED);
        plan.put(Payouts.mobile(ref("no-account"), "100", "KES", "+254700000011"), PaymentStatus.FAILED);
        plan.put(Payouts.mobile(ref("limit"), "100", "KES", "+254700000012"), PaymentStatus.FAILED);
        plan.put(Payouts.mobile(ref("cancel"), "100", "KES", "+254700000013"), PaymentStatus.CANCELLED);
        plan.put(Payouts.mobile(ref("slow"), "100", "KES", "+254700000021"), PaymentStatus.SUCCESSFUL);
        plan.put(Payouts.mobile(ref("uganda"), "5000", "UGX", "+256700000001"), PaymentStatus.SUCCESSFUL);
        plan.put(Payouts.mobile(ref("anyone"), "75", "KES", "+254712345678"), PaymentStatus.SUCCESSFUL);
        plan.put(Payouts.bank(ref("bank-ok"), "2500", "1000000001"), PaymentStatus.SUCCESSFUL);
        plan.put(Payouts.bank(ref("bank-missing"), "2500", "1000000005"), PaymentStatus.FAILED);
        plan.put(Payouts.paybill(ref("paybill-ok"), "300", "100001"), PaymentStatus.SUCCESSFUL);
        plan.put(Payouts.paybill(ref("paybill-error"), "300", "100003"), PaymentStatus.FAILED);
        plan.put(Payouts.till(ref("till-ok"), "120", "174379"), PaymentStatus.SUCCESSFUL);
        PaymentCommand pending = Payouts.mobile(ref("pending"), "100", "KES", "+254700000020");

        Map<String, PaymentStatus> expected = submit(plan);
        intake.accept(pending, "API", null, null);
        awaitStatuses(expected);

        assertCreatedExactlyOnce(expected.keySet());
        assertThat(ledger(pending.reference()).status()).isEqualTo(PaymentStatus.PROCESSING);
        assertThat(sandbox.transactions().get(pending.reference()).createCalls()).isEqualTo(1);
        for (String reference : expected.keySet()) {
            Payment p = ledger(reference);
            assertThat(p.attempts()).as("claims of %s", reference).isEqualTo(1);
            assertThat(p.completedAt()).isNotNull();
            if (p.status() != PaymentStatus.CANCELLED) {
                assertThat(p.nextCheckAt()).as("next check of %s", reference).isNull();
            }
            if (p.status() == PaymentStatus.SUCCESSFUL) {
                assertThat(p.fee()).isNotNull();
                assertThat(p.transactionAmount()).isNotNull();
                assertThat(p.lastError()).isNull();
            } else {
                assertThat(p.lastError()).as("error of %s", reference).isNotBlank();
            }
        }
        Payment slow = ledger(plan.keySet().stream().filter(c -> c.reference().startsWith("slow")).findFirst()
                .orElseThrow().reference());
        assertThat(payments.history(slow.id())).extracting(StatusChange::status)
                .containsSubsequence(PaymentStatus.RECEIVED, PaymentStatus.SUBMITTING, PaymentStatus.SUBMITTED,
                        PaymentStatus.PROCESSING, PaymentStatus.SUCCESSFUL);
    }

    @Test
    void aClientErrorIsFinalWithKotanisMessageAndNeverRetried() {
        String reference = ref("too-much");
        intake.accept(Payouts.mobile(reference, "50000000", "KES", "+254712000001"), "API", null, null);

        await().atMost(SETTLED).until(() -> ledger(reference).status() == PaymentStatus.FAILED);
        Payment failed = ledger(reference);
        assertThat(failed.lastError()).contains("Insufficient funds");
        assertThat(failed.lastErrorCode()).isEqualTo("HTTP_400");
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3)).until(() -> {
            Payment p = ledger(reference);
            return p.status() == PaymentStatus.FAILED && p.attempts() == 1;
        });
        assertThat(sandbox.transactions()).doesNotContainKey(reference);
    }

    @Test
    void droppedResponsesServerErrorsAndRateLimitStormsStillEndWithOneCreateEach() {
        sandbox.faults("{\"dropResponseRate\":0.2,\"errorRate\":0.15,\"errorStatus\":503,"
                + "\"rateLimitStorm\":8,\"stormRetryAfter\":1}");
        Map<PaymentCommand, PaymentStatus> plan = new LinkedHashMap<>();
        String[] phones = {"+254700000001", "+254700000010", "+254700000013", "+254711000001"};
        PaymentStatus[] outcomes = {PaymentStatus.SUCCESSFUL, PaymentStatus.FAILED, PaymentStatus.CANCELLED,
                PaymentStatus.SUCCESSFUL};
        for (int i = 0; i < 32; i++) {
            switch (i % 8) {
                case 6 -> plan.put(Payouts.paybill(ref("faults-paybill"), "40", "100001"), PaymentStatus.SUCCESSFUL);
                case 7 -> plan.put(Payouts.bank(ref("faults-bank"), "40", "1000000002"), PaymentStatus.SUCCESSFUL);
                default -> plan.put(Payouts.mobile(ref("faults"), "25", "KES", phones[i % 4]), outcomes[i % 4]);
            }
        }
        Map<String, PaymentStatus> expected = submit(plan);

        awaitStatuses(expected);
        assertCreatedExactlyOnce(expected.keySet());
        List<String> reconciled = new ArrayList<>();
        for (String reference : expected.keySet()) {
            if (payments.history(ledger(reference).id()).stream().anyMatch(h -> h.status() == PaymentStatus.UNKNOWN)) {
                reconciled.add(reference);
            }
        }
        assertThat(reconciled).as("payments whose create outcome was unknown and had to be reconciled").isNotEmpty();
    }

    @Test
    void aRateLimitedCreateWaitsTheAdvertisedRetryAfter() {
        sandbox.faults("{\"rateLimitStorm\":1,\"stormRetryAfter\":2,\"scope\":\"CREATES\"}");
        String reference = ref("storm");
        intake.accept(Payouts.paybill(reference, "60", "100001"), "API", null, null);

        await().atMost(SETTLED).until(() -> ledger(reference).status() == PaymentStatus.SUCCESSFUL);
        List<StatusChange> history = payments.history(ledger(reference).id());
        assertThat(history).extracting(StatusChange::status).startsWith(PaymentStatus.RECEIVED,
                PaymentStatus.SUBMITTING, PaymentStatus.RECEIVED, PaymentStatus.SUBMITTING, PaymentStatus.SUBMITTED);
        StatusChange limited = history.get(2);
        assertThat(limited.detail()).contains("429");
        Instant resent = history.get(3).at();
        assertThat(Duration.between(limited.at(), resent)).isGreaterThanOrEqualTo(Duration.ofMillis(1950));
        assertThat(ledger(reference).attempts()).isEqualTo(2);
        assertThat(sandbox.transactions().get(reference).createCalls()).isEqualTo(1);
    }

    @Test
    void theThrottleKeepsPayoutsWithinKotanisLimits() {
        Map<PaymentCommand, PaymentStatus> plan = new LinkedHashMap<>();
        for (int i = 0; i < 30; i++) {
            plan.put(Payouts.paybill(ref("paced"), "15", "100001"), PaymentStatus.SUCCESSFUL);
        }
        Map<String, PaymentStatus> expected = submit(plan);

        awaitStatuses(expected);
        assertCreatedExactlyOnce(expected.keySet());
        List<Instant> created = new ArrayList<>();
        for (String reference : expected.keySet()) {
            List<StatusChange> history = payments.history(ledger(reference).id());
            assertThat(history).as("history of %s", reference).noneMatch(h -> h.detail() != null && h.detail().contains("429"));
            created.add(history.stream().filter(h -> h.status() == PaymentStatus.SUBMITTING).findFirst().orElseThrow().at());
        }
        created.sort(null);
        assertThat(Duration.between(created.get(0), created.get(created.size() - 1)))
                .as("30 creates at one per 53 ms").isGreaterThanOrEqualTo(Duration.ofMillis(1300));
    }

    @Test
    void lateCorrectionsOfACancelledPayoutAreApplied() {
        sandbox.faults("{\"lateCorrectionRate\":1.0}");
        Map<PaymentCommand, PaymentStatus> plan = new LinkedHashMap<>();
        for (int i = 0; i < 3; i++) {
            plan.put(Payouts.mobile(ref("corrected"), "90", "KES", "+254700000001"), PaymentStatus.SUCCESSFUL);
        }
        Map<String, PaymentStatus> expected = submit(plan);

        awaitStatuses(expected);
        for (String reference : expected.keySet()) {
            assertThat(payments.history(ledger(reference).id())).extracting(StatusChange::status)
                    .containsSubsequence(PaymentStatus.CANCELLED, PaymentStatus.SUCCESSFUL);
        }
        assertCreatedExactlyOnce(expected.keySet());
    }

    @Test
    void aDuplicateReferenceAnswerMeansKotaniHasItAndIsReconciledNotFailed() {
        String reference = ref("already-there");
        String walletId = sandbox.get("/api/v3/wallet/fiat/currency/KES").path("data").path("id").asText();
        assertThat(sandbox.api("/api/v3/withdraw/paybill", "{\"amount\":45,\"walletId\":\"" + walletId
                + "\",\"referenceId\":\"" + reference + "\",\"paybillDetails\":{\"paybillNumber\":\"100001\","
                + "\"accountNumber\":\"ACC-1\"}}")).isEqualTo(200);

        intake.accept(Payouts.paybill(reference, "45", "100001"), "API", null, null);

        await().atMost(SETTLED).until(() -> ledger(reference).status() == PaymentStatus.SUCCESSFUL);
        assertThat(payments.history(ledger(reference).id())).extracting(StatusChange::status)
                .contains(PaymentStatus.UNKNOWN).doesNotContain(PaymentStatus.FAILED);
        assertThat(ledger(reference).kotaniId()).isEqualTo(sandbox.transactions().get(reference).id());
    }

    @Test
    void workersResolvingTheSameNewPhoneAtOnceCreateOneKotaniCustomer() throws Exception {
        String phone = String.format("+2547%08d", ThreadLocalRandom.current().nextInt(30_000_000, 99_999_999));
        PaymentCommand cmd = CommandValidator.normalise(Payouts.mobile(ref("customer"), "10", "KES", phone));
        ExecutorService workers = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Prerequisite>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                results.add(workers.submit(() -> {
                    go.await();
                    return customers.customerKey(cmd);
                }));
            }
            go.countDown();
            List<String> keys = new ArrayList<>();
            for (Future<Prerequisite> result : results) {
                Prerequisite step = result.get(30, TimeUnit.SECONDS);
                assertThat(step.isReady()).as("resolved: %s", step).isTrue();
                keys.add(step.value());
            }
            assertThat(keys).hasSize(8).containsOnly(keys.get(0));
        } finally {
            workers.shutdownNow();
        }
        List<String> atKotani = new ArrayList<>();
        sandbox.get("/api/v3/customer/mobile-money?limit=100").path("data").forEach(c -> {
            if (phone.equals(c.path("phone_number").asText())) {
                atKotani.add(c.path("customer_key").asText());
            }
        });
        assertThat(atKotani).as("Kotani customers created for the phone").hasSize(1);
    }
}


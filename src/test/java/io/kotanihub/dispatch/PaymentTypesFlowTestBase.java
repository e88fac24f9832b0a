package io.kotanihub.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.kotanihub.dispatch.SandboxControl.SandboxTxn;
import io.kotanihub.ledger.Payment;
import io.kotanihub.ledger.PaymentRepository;
import io.kotanihub.ledger.StatusChange;
import io.kotanihub.model.CryptoLeg;
import io.kotanihub.model.PaymentCommand;
import io.kotanihub.model.PaymentMethod;
import io.kotanihub.model.PaymentStatus;
import io.kotanihub.model.PaymentType;
import io.kotanihub.model.Recipient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * Collections (mobile-money deposits), onramps and offramps through the same intake, ledger, dispatch route and
 * status poller as payouts, against the sandbox over real HTTP: each reaches its final state (successes, the
 * phone table's failures, an offramp refunded after a failed payout, a Lightning offramp whose refund waits for an
 * invoice, a refund that fails and is completed by a manual retry at Kotani), with exactly one create call per
 * reference.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE, properties = {
        "hub.sandbox.port=0",
        "hub.sandbox.settle-delay=200ms",
        "hub.sandbox.step-delay=50ms",
        "hub.sandbox.rate-limits.enabled=false",
        "hub.kotani.throttle.enabled=false",
        "hub.kotani.connect-timeout=2s",
        "hub.kotani.request-timeout=10s",
        "hub.dispatch.poll-interval=100ms",
        "hub.dispatch.unknown-check-delay=200ms",
        "hub.dispatch.reconcile-interval=200ms",
        "hub.dispatch.status-poll-interval=100ms",
        "hub.dispatch.status-check-min=100ms",
        "hub.dispatch.status-check-max=300ms",
        "hub.dispatch.status-check-backoff=0.1",
        "hub.dispatch.retry-delay=200ms",
        "hub.dispatch.abandoned-after=20s",
        "hub.dispatch.correction-window=30s",
        "hub.dispatch.check-lease=5s",
        "spring.datasource.url=jdbc:h2:mem:payment-types-flow;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1"})
abstract class PaymentTypesFlowTestBase {

    private static final Duration SETTLED = Duration.ofSeconds(30);
    private static final String CELO_WALLET = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed";
    private static final String BURN_ADDRESS = "0x000000000000000000000000000000000000dEaD";

    @Autowired
    PaymentIntake intake;

    @Autowired
    PaymentRepository payments;

    @Value("${hub.sandbox.port}")
    int sandboxPort;

    SandboxControl sandbox;

    @BeforeEach
    void sandbox() {
        sandbox = new SandboxControl(sandboxPort);
    }

    private static String ref(String what) {
        return what + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static Recipient person(String phone) {
        return new Recipient("Jane Doe", phone, "MPESA", null, null, null, null, null);
    }

    static PaymentCommand collection(String reference, String amount, String phone) {
        return new PaymentCommand(reference, PaymentType.COLLECTION, PaymentMethod.MOBILE_MONEY, new BigDecimal(amount),
                "KES", null, person(phone), null, Map.of("invoice", "INV-7"), null);
    }

    static PaymentCommand onramp(String reference, String amount, String phone) {
        return new PaymentCommand(reference, PaymentType.ONRAMP, PaymentMethod.MOBILE_MONEY, new BigDecimal(amount),
                "KES", null, person(phone), null, null, null, new CryptoLeg("CELO", "CUSD", CELO_WALLET, null, null));
    }

    static PaymentCommand offramp(String reference, String amount, String phone, String refundAddress) {
        return new PaymentCommand(reference, PaymentType.OFFRAMP, PaymentMethod.MOBILE_MONEY, new BigDecimal(amount),
                "USDT", null, person(phone), null, null, null,
                new CryptoLeg("CELO", null, null, refundAddress, "KES"));
    }

    static PaymentCommand lightningOfframp(String reference, String sats, String phone) {
        return new PaymentCommand(reference, PaymentType.OFFRAMP, PaymentMethod.MOBILE_MONEY, new BigDecimal(sats),
                "SAT", null, person(phone), null, null, null, new CryptoLeg("LIGHTNING", "SAT", null, null, "KES"));
    }

    private Map<String, PaymentStatus> submit(Map<PaymentCommand, PaymentStatus> commands) {
        Map<String, PaymentStatus> expected = new LinkedHashMap<>();
        commands.forEach((cmd, status) -> {
            assertThat(intake.accept(cmd, "API", null, null).outcome()).isEqualTo(IntakeResult.Outcome.ACCEPTED);
            expected.put(cmd.reference(), status);
        });
        return expected;
    }

    private void awaitFinal(Map<String, PaymentStatus> expected) {
        await().atMost(SETTLED).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            Map<String, PaymentStatus> actual = new LinkedHashMap<>();
            expected.keySet().forEach(r -> actual.put(r, payment(r).status()));
            assertThat(actual).isEqualTo(expected);
        });
    }

    private void assertCreatedOnce(Iterable<String> references) {
        Map<String, SandboxTxn> created = sandbox.transactions();
        for (String reference : references) {
            assertThat(created).containsKey(reference);
            assertThat(created.get(reference).createCalls()).as("create calls for %s", reference).isEqualTo(1);
        }
    }

    private Payment payment(String reference) {
        return payments.findByReference(reference).orElseThrow();
    }

    private List<PaymentStatus> history(String reference) {
        return payments.history(payment(reference).id()).stream().map(StatusChange::status).toList();
    }

    @Test
    void collectionsPromptTheCustomerAndEndAsTheCustomersPhoneDecides() {
        String paid = ref("col-paid");
        String broke = ref("col-broke");
        String declined = ref("col-declined");
        Map<PaymentCommand, PaymentStatus> commands = new LinkedHashMap<>();
        commands.put(collection(paid, "1500", "+254700000001"), PaymentStatus.SUCCESSFUL);
        commands.put(collection(broke, "700", "+254700000010"), PaymentStatus.FAILED);
        commands.put(collection(declined, "300", "+254700000013"), PaymentStatus.CANCELLED);
        Map<String, PaymentStatus> expected = submit(commands);

        awaitFinal(expected);
        assertCreatedOnce(expected.keySet());

        Payment success = payment(paid);
        assertThat(success.kotaniId()).isEqualTo(sandbox.transactions().get(paid).id());
        assertThat(success.kotaniStatus()).isEqualTo("SUCCESSFUL");
        assertThat(success.fee()).isNotNull().isPositive();
        assertThat(success.transactionAmount()).isNotNull().isPositive();
        assertThat(success.completedAt()).isNotNull();
        assertThat(payment(broke).lastErrorCode()).isEqualTo("INSUFFICIENT_FUNDS");
        assertThat(payment(broke).lastError()).isNotBlank();
        assertThat(payment(declined).kotaniStatus()).isEqualTo("CANCELLED");
        assertThat(history(paid)).startsWith(PaymentStatus.RECEIVED, PaymentStatus.SUBMITTING, PaymentStatus.SUBMITTED)
                .endsWith(PaymentStatus.SUCCESSFUL);
    }

    @Test
    void onrampsSucceedOnlyWhenBothLegsDoAndEndWithTheFiatLegOtherwise() {
        String bought = ref("on-bought");
        String unknownAccount = ref("on-no-account");
        String cancelled = ref("on-cancelled");
        Map<PaymentCommand, PaymentStatus> commands = new LinkedHashMap<>();
        commands.put(onramp(bought, "1000", "+254700000001"), PaymentStatus.SUCCESSFUL);
        commands.put(onramp(unknownAccount, "1000", "+254700000011"), PaymentStatus.FAILED);
        commands.put(onramp(cancelled, "2000", "+254700000013"), PaymentStatus.CANCELLED);
        Map<String, PaymentStatus> expected = submit(commands);

        awaitFinal(expected);
        assertCreatedOnce(expected.keySet());

        Payment success = payment(bought);
        assertThat(success.kotaniId()).isEqualTo(sandbox.transactions().get(bought).id());
        assertThat(success.kotaniStatus()).isEqualTo("SUCCESSFUL/SUCCESSFUL");
        assertThat(success.fee()).isPositive();
        assertThat(success.transactionAmount()).isEqualByComparingTo(success.amount().add(success.fee()));
        assertThat(payments.history(success.id()).stream().map(StatusChange::kotaniStatus)
                .filter(java.util.Objects::nonNull).toList()).last().isEqualTo("SUCCESSFUL/SUCCESSFUL");
        assertThat(payment(unknownAccount).lastErrorCode()).isEqualTo("ACCOUNT_NOT_FOUND");
        assertThat(payment(unknownAccount).kotaniStatus()).isEqualTo("FAILED/CANCELLED");
    }

    @Test
    void offrampsArePaidOrRefundedAndAFailedRefundIsCompletedByAManualRetry() {
        String paidOut = ref("off-paid");
        String refunded = ref("off-refunded");
        String refundFails = ref("off-refund-fails");
        String awaitingInvoice = ref("off-lightning");
        Map<PaymentCommand, PaymentStatus> commands = new LinkedHashMap<>();
        commands.put(offramp(paidOut, "25", "+254700000001", null), PaymentStatus.SUCCESSFUL);
        commands.put(offramp(refunded, "12.5", "+254700000010", null), PaymentStatus.REVERSED);
        commands.put(offramp(refundFails, "10", "+254700000012", BURN_ADDRESS), PaymentStatus.REFUND_FAILED);
        commands.put(lightningOfframp(awaitingInvoice, "40000", "+254700000011"), PaymentStatus.REFUND_PENDING);
        Map<String, PaymentStatus> expected = submit(commands);

        awaitFinal(expected);
        assertCreatedOnce(expected.keySet());

        Payment success = payment(paidOut);
        assertThat(success.amount()).isEqualByComparingTo("25");
        assertThat(success.currency()).isEqualTo("USDT");
        assertThat(success.transactionAmount()).isPositive();
        assertThat(success.fee()).isNotNegative();
        assertThat(history(refunded)).endsWith(PaymentStatus.REVERSED).doesNotContain(PaymentStatus.FAILED);
        assertThat(payment(refunded).kotaniStatus()).isEqualTo("REVERSED");
        assertThat(payment(refunded).lastErrorCode()).isEqualTo("INSUFFICIENT_FUNDS");
        assertThat(payment(refunded).completedAt()).isNotNull();
        assertThat(history(refundFails)).endsWith(PaymentStatus.REFUND_FAILED).doesNotContain(PaymentStatus.FAILED);
        assertThat(payment(refundFails).kotaniStatus()).isEqualTo("REFUND_FAILED");
        Payment lightning = payment(awaitingInvoice);
        assertThat(lightning.kotaniStatus()).isEqualTo("FAILED");
        assertThat(lightning.lastErrorCode()).isEqualTo("ACCOUNT_NOT_FOUND");
        assertThat(lightning.completedAt()).isNull();
        assertThat(lightning.nextCheckAt()).as("still followed until the refund ends").isNotNull();

        assertThat(sandbox.api("/api/v3/offramp/retry-refund/" + refundFails, "{}")).isEqualTo(200);
        await().atMost(SETTLED).untilAsserted(() ->
                assertThat(payment(refundFails).status()).isEqualTo(PaymentStatus.REVERSED));
        assertThat(history(refundFails)).containsSubsequence(PaymentStatus.REFUND_FAILED, PaymentStatus.REVERSED);
        assertCreatedOnce(List.of(refundFails));
    }
}

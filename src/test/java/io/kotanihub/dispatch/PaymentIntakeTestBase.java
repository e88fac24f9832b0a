package io.kotanihub.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.kotanihub.dispatch.IntakeResult.Outcome;
import io.kotanihub.ledger.CustomerRepository;
import io.kotanihub.ledger.KotaniCustomer;
import io.kotanihub.ledger.LedgerTime;
import io.kotanihub.ledger.Payment;
import io.kotanihub.ledger.PaymentRepository;
import io.kotanihub.ledger.StatusChange;
import io.kotanihub.model.PaymentCommand;
import io.kotanihub.model.PaymentMethod;
import io.kotanihub.model.PaymentStatus;
import io.kotanihub.model.PaymentType;
import io.kotanihub.model.Recipient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import io.kotanihub.support.HubLedgerTest;

/**
 * {@link PaymentIntake} and the ledger on a real database: the unique reference decides ACCEPTED / REPLAY /
 * CONFLICT, also under concurrency and in JDBC batches; the claim before a create call is atomic. No routes run
 * here (nothing is sent), so payments change only as the tests change them.
 */
@HubLedgerTest
abstract class PaymentIntakeTestBase {

    @Autowired
    PaymentIntake intake;

    @Autowired
    PaymentRepository payments;

    @Autowired
    CustomerRepository customers;

    @Autowired
    JdbcTemplate jdbc;

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static PaymentCommand mobile(String reference, String amount, String phone) {
        return new PaymentCommand(reference, PaymentType.PAYOUT, PaymentMethod.MOBILE_MONEY, new BigDecimal(amount),
                "KES", null, new Recipient("Jane Doe", phone, "MPESA", null, null, null, null, null),
                "salary", Map.of("employee", "e-1", "costCentre", "ops"), null);
    }

    String newBatch() {
        String id = unique("batch");
        Timestamp now = Timestamp.from(Instant.now());
        jdbc.update("insert into batches (id, source, file_name, file_hash, status, created_at, updated_at) "
                + "values (?, 'FILE', 'test.csv', ?, 'DISPATCHING', ?, ?)", id, id, now, now);
        return id;
    }

    @Test
    void aNewCommandIsStoredAsReceivedWithItsCanonicalJsonHashAndHistory() {
        String reference = unique("new");
        IntakeResult result = intake.accept(mobile(reference, "1500.50", "+254 700-000-001"), "API", null, null);

        assertThat(result.outcome()).isEqualTo(Outcome.ACCEPTED);
        assertThat(result.status()).isEqualTo(PaymentStatus.RECEIVED);
        Payment stored = payments.findById(result.paymentId()).orElseThrow();
        assertThat(stored.reference()).isEqualTo(reference);
        assertThat(stored.amount()).isEqualByComparingTo("1500.5");
        assertThat(stored.country()).isEqualTo("KE");
        assertThat(stored.source()).isEqualTo("API");
        assertThat(stored.commandJson()).isEqualTo("{\"amount\":1500.5,\"country\":\"KE\",\"currency\":\"KES\","
                + "\"metadata\":{\"costCentre\":\"ops\",\"employee\":\"e-1\"},\"method\":\"MOBILE_MONEY\","
                + "\"narration\":\"salary\",\"recipient\":{\"name\":\"Jane Doe\",\"network\":\"MPESA\","
                + "\"phone\":\"+254700000001\"},\"reference\":\"" + reference + "\",\"type\":\"PAYOUT\"}");
        assertThat(stored.commandHash()).isEqualTo(CommandCodec.hash(stored.commandJson())).hasSize(64);
        assertThat(CommandCodec.fromJson(stored.commandJson()).amount()).isEqualByComparingTo("1500.50");
        assertThat(stored.nextCheckAt()).isNotNull();
        assertThat(intake.find(reference).orElseThrow().history())
                .extracting(StatusChange::status).containsExactly(PaymentStatus.RECEIVED);
    }

    @Test
    void theSameReferenceWithTheSameContentIsAReplayAndWithOtherContentAConflict() {
        String reference = unique("dup");
        IntakeResult first = intake.accept(mobile(reference, "100", "+254700000001"), "KAFKA", null, null);
        IntakeResult replay = intake.accept(mobile(reference, "100.00", "+254700000001"), "API", null, null);
        IntakeResult conflict = intake.accept(mobile(reference, "101", "+254700000001"), "API", null, null);

        assertThat(first.outcome()).isEqualTo(Outcome.ACCEPTED);
        assertThat(replay.outcome()).isEqualTo(Outcome.REPLAY);
        assertThat(conflict.outcome()).isEqualTo(Outcome.CONFLICT);
        assertThat(List.of(replay.paymentId(), conflict.paymentId())).containsOnly(first.paymentId());
        assertThat(jdbc.queryForObject("select count(*) from payments where reference = ?", Integer.class, reference))
                .isEqualTo(1);
        Payment stored = payments.findByReference(reference).orElseThrow();
        assertThat(stored.amount()).isEqualByComparingTo("100");
        assertThat(stored.source()).isEqualTo("KAFKA");
        assertThat(payments.history(stored.id())).hasSize(1);
    }

    @Test
    void concurrentIntakeOfOneReferenceStoresItOnce() throws Exception {
        String reference = unique("race");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<IntakeResult>> calls = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                calls.add(() -> intake.accept(mobile(reference, "250", "+254700000001"), "API", null, null));
            }
            List<Outcome> outcomes = new ArrayList<>();
            for (Future<IntakeResult> f : pool.invokeAll(calls)) {
                outcomes.add(f.get().outcome());
            }
            assertThat(outcomes).filteredOn(o -> o == Outcome.ACCEPTED).hasSize(1);
            assertThat(outcomes).filteredOn(o -> o == Outcome.REPLAY).hasSize(15);
        } finally {
            pool.shutdownNow();
        }
        assertThat(jdbc.queryForObject("select count(*) from payment_status_history h join payments p "
                + "on p.id = h.payment_id where p.reference = ?", Integer.class, reference)).isEqualTo(1);
    }

    @Test
    void aBatchIsInsertedInChunksWithPerRowDuplicateHandling() {
        String earlier = unique("earlier");
        intake.accept(mobile(earlier, "10", "+254700000001"), "API", null, null);
        String batch = newBatch();
        String prefix = unique("row");
        List<IntakeItem> items = new ArrayList<>();
        for (int row = 1; row <= 250; row++) {
            items.add(new IntakeItem(mobile(prefix + "-" + row, row + ".25", "+254700000001"), row));
        }
        items.add(new IntakeItem(mobile(earlier, "10", "+254700000001"), 251));          // used before, same content
        items.add(new IntakeItem(mobile(prefix + "-7", "999", "+254700000001"), 252));   // repeated in the file, other content
        items.add(new IntakeItem(mobile(prefix + "-8", "8.25", "+254700000001"), 253));  // repeated in the file, same content

        List<IntakeResult> results = intake.acceptAll(items, "FILE", batch);

        assertThat(results).hasSize(253);
        assertThat(results.subList(0, 250)).extracting(IntakeResult::outcome).containsOnly(Outcome.ACCEPTED);
        assertThat(results.subList(0, 250)).extracting(IntakeResult::batchRow)
                .containsExactlyElementsOf(items.subList(0, 250).stream().map(IntakeItem::batchRow).toList());
        assertThat(results.get(250).outcome()).isEqualTo(Outcome.REPLAY);
        assertThat(results.get(250).batchId()).isNull();
        assertThat(results.get(251).outcome()).isEqualTo(Outcome.CONFLICT);
        assertThat(results.get(251).batchRow()).isEqualTo(7);
        assertThat(results.get(252).outcome()).isEqualTo(Outcome.REPLAY);
        assertThat(results.get(252).batchId()).isEqualTo(batch);

        assertThat(intake.countsByStatus(batch)).containsExactly(Map.entry(PaymentStatus.RECEIVED, 250L));
        assertThat(jdbc.queryForObject("select count(*) from payment_status_history h join payments p "
                + "on p.id = h.payment_id where p.batch_id = ?", Integer.class, batch)).isEqualTo(250);

        List<Integer> rows = new ArrayList<>();
        payments.forEachInBatch(batch, 64, p -> rows.add(p.batchRow()));
        assertThat(rows).hasSize(250).isSorted().startsWith(1, 2, 3).endsWith(250);
        List<Payment> page = intake.listBatch(batch, 100, 10);
        assertThat(page).extracting(Payment::batchRow).containsExactly(101, 102, 103, 104, 105, 106, 107, 108, 109, 110);
        assertThat(page.get(0).amount()).isEqualByComparingTo("101.25");

        assertThat(intake.acceptAll(items.subList(0, 250), "FILE", batch)).extracting(IntakeResult::outcome)
                .containsOnly(Outcome.REPLAY);
    }

    @Test
    void aClaimIsAtomicAndALostClaimCanNeitherBeRenewedNorRecorded() throws Exception {
        String reference = unique("claim");
        long id = intake.accept(mobile(reference, "40", "+254700000001"), "API", null, null).paymentId();
        Instant abandonedAt = LedgerTime.now().plusSeconds(60);

        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Optional<Payment>> claims = new ArrayList<>();
        try {
            List<Callable<Optional<Payment>>> calls = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                calls.add(() -> payments.claim(id, abandonedAt));
            }
            for (Future<Optional<Payment>> f : pool.invokeAll(calls)) {
                claims.add(f.get());
            }
        } finally {
            pool.shutdownNow();
        }
        List<Payment> won = claims.stream().flatMap(Optional::stream).toList();
        assertThat(won).hasSize(1);
        Payment claimed = won.get(0);
        assertThat(claimed.status()).isEqualTo(PaymentStatus.SUBMITTING);
        assertThat(claimed.attempts()).isEqualTo(1);
        assertThat(claimed.nextCheckAt()).isEqualTo(abandonedAt);

        Payment reconciled = payments.update(claimed, claimed.withStatus(PaymentStatus.RECEIVED)
                .withNextCheckAt(LedgerTime.now()), "taken over").orElseThrow();
        assertThat(payments.renewClaim(claimed, abandonedAt)).isEmpty();
        assertThat(payments.update(claimed, claimed.withStatus(PaymentStatus.SUBMITTED), "late answer")).isEmpty();
        assertThatThrownBy(() -> payments.update(reconciled, reconciled.withStatus(PaymentStatus.SUBMITTED), "skip"))
                .isInstanceOf(IllegalArgumentException.class);

        payments.postpone(id, LedgerTime.now().plusSeconds(60));
        assertThat(payments.claim(id, abandonedAt)).as("not due yet").isEmpty();
        assertThat(payments.history(id)).extracting(StatusChange::status)
                .containsExactly(PaymentStatus.RECEIVED, PaymentStatus.SUBMITTING, PaymentStatus.RECEIVED);
    }

    @Test
    void aCachedCustomerIsKeptWhenAnotherIsSavedForTheSamePhone() {
        String phone = "+2547" + String.valueOf(System.nanoTime()).substring(0, 8);
        KotaniCustomer first = customers.save(new KotaniCustomer(phone, "cust_first", "KE", "MPESA", LedgerTime.now()));
        KotaniCustomer second = customers.save(new KotaniCustomer(phone, "cust_second", "KE", "MPESA", LedgerTime.now()));
        assertThat(first.customerKey()).isEqualTo("cust_first");
        assertThat(second.customerKey()).isEqualTo("cust_first");
        assertThat(customers.find(phone)).map(KotaniCustomer::customerKey).contains("cust_first");
    }

    @Test
    void anInvalidCommandIsRefusedWithEveryViolationAndNothingIsStored() {
        String reference = unique("bad");
        PaymentCommand bad = new PaymentCommand(reference, PaymentType.PAYOUT, PaymentMethod.MOBILE_MONEY,
                new BigDecimal("-5.123"), "KES", null, new Recipient(null, "0700", null, null, null, null, null, null),
                null, null, null);
        assertThatThrownBy(() -> intake.accept(bad, "API", null, null))
                .isInstanceOf(InvalidCommandException.class)
                .satisfies(e -> assertThat(((InvalidCommandException) e).violations()).hasSizeGreaterThan(1));
        assertThat(payments.findByReference(reference)).isEmpty();
    }
}

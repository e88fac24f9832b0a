package io.kotanihub.dispatch;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.kotanihub.dispatch.IntakeResult.Outcome;
import io.kotanihub.ledger.InsertOutcome;
import io.kotanihub.ledger.NewPayment;
import io.kotanihub.ledger.Payment;
import io.kotanihub.ledger.PaymentRepository;
import io.kotanihub.ledger.PaymentRepository.DueDispatch;
import io.kotanihub.ledger.PaymentRepository.PaymentWithHistory;
import io.kotanihub.model.CommandValidator;
import io.kotanihub.model.PaymentCommand;
import io.kotanihub.model.PaymentStatus;
import io.kotanihub.model.Violation;
import org.springframework.stereotype.Service;

/**
 * The entry point of every ingress (file, Kafka, REST): a payment command goes into the ledger as RECEIVED (the
 * reference is unique by the database constraint, never by a look-up first) with its canonical JSON, content hash and
 * first history entry, and is then handed to dispatch. When a method returns, the payment is durably in the ledger;
 * dispatch is driven from the ledger, so nothing depends on the in-memory hand-off.
 * <p>
 * Also the read side the ingresses report from: a payment with its history, a batch's counts, a batch's rows.
 */
@Service
public class PaymentIntake {

    private final PaymentRepository payments;
    private final DispatchQueue queue;
    private final DispatchProperties properties;

    public PaymentIntake(PaymentRepository payments, DispatchQueue queue, DispatchProperties properties) {
        this.payments = payments;
        this.queue = queue;
        this.properties = properties;
    }

    /**
     * Stores one command. {@code source} is FILE, KAFKA, API or a user route's name (at most 16 characters);
     * {@code batchId} and {@code batchRow} are null outside a batch (the batch must exist in {@code batches}).
     *
     * @throws InvalidCommandException when the command does not pass {@link CommandValidator}
     */
    public IntakeResult accept(PaymentCommand cmd, String source, String batchId, Integer batchRow) {
        NewPayment payment = toNewPayment(cmd, source, batchId, batchRow);
        IntakeResult result = classify(payment, payments.insert(payment));
        handOff(result, payment);
        return result;
    }

    /**
     * Stores many commands of one source and batch, with JDBC batch inserts ({@code hub.dispatch.intake-batch-size}
     * per transaction); each command gets its own result, in input order, exactly as {@link #accept} would give it.
     * A reference repeated within the list is a REPLAY or CONFLICT of its first occurrence.
     *
     * @throws InvalidCommandException when a command does not pass {@link CommandValidator} (nothing of its chunk
     *                                 is stored; validate before intake)
     */
    public List<IntakeResult> acceptAll(List<IntakeItem> items, String source, String batchId) {
        List<IntakeResult> results = new ArrayList<>(items.size());
        int chunkSize = Math.max(1, properties.getIntakeBatchSize());
        for (int from = 0; from < items.size(); from += chunkSize) {
            List<IntakeItem> chunk = items.subList(from, Math.min(items.size(), from + chunkSize));
            List<NewPayment> rows = new ArrayList<>(chunk.size());
            for (IntakeItem item : chunk) {
                rows.add(toNewPayment(item.command(), source, batchId, item.batchRow(), item.bulkChunkId()));
            }
            List<InsertOutcome> outcomes = payments.insertAll(rows);
            for (int i = 0; i < rows.size(); i++) {
                IntakeResult result = classify(rows.get(i), outcomes.get(i));
                handOff(result, rows.get(i));
                results.add(result);
            }
        }
        return results;
    }

    /** The payment under a reference with every status it reached, oldest first. */
    public Optional<PaymentWithHistory> find(String reference) {
        return payments.findWithHistory(reference);
    }

    /** How many of a batch's payments are in each status. */
    public Map<PaymentStatus, Long> countsByStatus(String batchId) {
        return payments.countsByStatus(batchId);
    }

    /** One page of a batch's payments in row order (keyset paging: pass the last row number seen). */
    public List<Payment> listBatch(String batchId, int afterRow, int limit) {
        return payments.listBatch(batchId, afterRow, limit);
    }

    private static NewPayment toNewPayment(PaymentCommand raw, String source, String batchId, Integer batchRow) {
        return toNewPayment(raw, source, batchId, batchRow, null);
    }

    private static NewPayment toNewPayment(PaymentCommand raw, String source, String batchId, Integer batchRow,
                                           Long bulkChunkId) {
        PaymentCommand cmd = CommandValidator.normalise(raw);
        List<Violation> violations = CommandValidator.validate(cmd);
        if (!violations.isEmpty()) {
            throw new InvalidCommandException(cmd.reference(), violations);
        }
        String json = CommandCodec.toJson(cmd);
        return new NewPayment(cmd.reference(), cmd.type(), cmd.method(), CommandCodec.canonicalAmount(cmd.amount()),
                cmd.currency(), cmd.country(), batchId, batchRow, source, json, CommandCodec.hash(json), bulkChunkId);
    }

    private static IntakeResult classify(NewPayment payment, InsertOutcome outcome) {
        Outcome kind = outcome.inserted() ? Outcome.ACCEPTED
                : outcome.commandHash().equals(payment.commandHash()) ? Outcome.REPLAY : Outcome.CONFLICT;
        return new IntakeResult(kind, outcome.paymentId(), outcome.reference(), outcome.status(), outcome.batchId(),
                outcome.batchRow());
    }

    private void handOff(IntakeResult result, NewPayment payment) {
        // a row of a bulk chunk is sent with its chunk (dispatch.bulk), never one by one
        if (result.outcome() == Outcome.ACCEPTED && payment.bulkChunkId() == null) {
            queue.offer(new DueDispatch(result.paymentId(), payment.type(), payment.method()));
        }
    }
}

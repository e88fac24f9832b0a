package io.kotanihub.ingest.file;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;

import io.kotanihub.common.csv.CsvWriters;
import io.kotanihub.ledger.BatchRepository;
import io.kotanihub.ledger.BatchRepository.Batch;
import io.kotanihub.model.CommandValidator;
import io.kotanihub.model.PaymentStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Writes {@code <name>.result.csv} into the outbox for every file batch whose rows have all reached a final state
 * in the ledger, or whose {@code hub.files.result-timeout} has passed (rows still pending are then reported with
 * their current status). Called periodically by the file-drop-results route; logs the progress of the batches it
 * is waiting for. The state lives in the ledger, so a restart loses nothing. A late correction of a final row (Kotani's
 * CANCELLED → SUCCESSFUL) reopens a completed batch in the ledger, and the file is then written again with it.
 */
@Component
public class BatchResults {

    /** Columns of the result file (contract). */
    public static final String[] COLUMNS = {"reference", "status", "kotani_id", "amount", "currency", "fee",
            "completed_at", "error_code", "error_message"};

    private static final Logger LOG = LoggerFactory.getLogger(BatchResults.class);
    private static final int PAGE = 1000;
    private static final long COUNT_SHARE = 20;
    private static final List<String> TERMINAL = Arrays.stream(PaymentStatus.values())
            .filter(PaymentStatus::isTerminal).map(Enum::name).toList();

    private final FileDropProperties properties;
    private final BatchRepository batches;
    private final CsvWriters csvWriters;
    private final Map<String, Progress> progress = new ConcurrentHashMap<>();
    /**
     * Per batch awaiting its result: earliest time (nanoTime) of the next full count for the progress line. Counting a
     * large batch takes a while, so the next count waits {@value #COUNT_SHARE} times as long as the last one took.
     */
    private final Map<String, Long> nextCount = new ConcurrentHashMap<>();
    /** Per batch awaiting its result: the first row that was still pending when last looked at. */
    private final Map<String, Integer> lowWater = new ConcurrentHashMap<>();

    public BatchResults(FileDropProperties properties, BatchRepository batches, CsvWriters csvWriters) {
        this.properties = properties;
        this.batches = batches;
        this.csvWriters = csvWriters;
    }

    /** Writes the result of every batch that is ready; returns how many were written. */
    public int writeDue() throws IOException {
        int written = 0;
        for (Batch batch : batches.awaitingResult(FileBatchProcessor.SOURCE)) {
            boolean timedOut = batch.dispatchedAt() != null
                    && batch.dispatchedAt().plus(properties.getResultTimeout()).isBefore(Instant.now());
            if (!timedOut && stillPending(batch)) {
                Progress line = progress.computeIfAbsent(batch.id(), id -> new Progress(LOG,
                        batch.fileName() + " (batch " + id + ")", properties.getProgressInterval()));
                long now = System.nanoTime();
                if (line.due() && now - nextCount.getOrDefault(batch.id(), now) >= 0) {
                    long rows = batch.dispatchedRows();
                    long pending = batches.pendingPayments(batch.id(), TERMINAL);
                    long took = System.nanoTime() - now;
                    nextCount.put(batch.id(), System.nanoTime() + COUNT_SHARE * took);
                    line.report("final:", rows - pending, rows, rows == 0 ? 1 : (double) (rows - pending) / rows);
                }
                continue;
            }
            long pending = batches.pendingPayments(batch.id(), TERMINAL);
            if (pending > 0 && !timedOut) {
                lowWater.remove(batch.id());
                continue;
            }
            write(batch, pending);
            progress.remove(batch.id());
            lowWater.remove(batch.id());
            nextCount.remove(batch.id());
            written++;
        }
        return written;
    }

    /**
     * Whether a row of the batch may still be pending, asked cheaply: from the first row found pending on the last
     * call onwards (rows before it were final then). Only a "no" is confirmed by counting every row of the batch.
     */
    private boolean stillPending(Batch batch) {
        int from = lowWater.getOrDefault(batch.id(), Integer.MIN_VALUE);
        OptionalInt first = batches.firstPendingRow(batch.id(), from, TERMINAL);
        if (first.isEmpty()) {
            return false;
        }
        lowWater.put(batch.id(), first.getAsInt());
        return true;
    }

    private void write(Batch batch, long pending) throws IOException {
        Path target = properties.getOutbox().resolve(FileBatchProcessor.stem(batch.fileName()) + ".result.csv");
        try (ReportFile report = ReportFile.create(csvWriters, target, COLUMNS)) {
            batches.forEachResultRow(batch.id(), PAGE, row -> report.row(row.reference(), row.status(),
                    row.kotaniId(), money(row.amount(), row.currency()), row.currency(),
                    money(row.fee(), row.currency()), row.completedAt(), row.errorCode(), row.errorMessage()));
            report.commit();
        }
        if (batches.completed(batch.id(), target.toString())) {
            Map<String, Long> counts = batches.countsByStatus(batch.id());
            if (pending > 0) {
                LOG.warn("{}: result written to {} after the result timeout, {} rows not final yet: {}",
                        batch.fileName(), target, pending, counts);
            } else if (batch.resultFile() != null) {
                LOG.info("{}: a final row was corrected, result written again to {}: {}", batch.fileName(), target,
                        counts);
            } else {
                LOG.info("{}: every row is final, result written to {}: {}", batch.fileName(), target, counts);
            }
        }
    }

    /** An amount as the currency writes it: at least its minor units, never an exponent ({@code 1500.50}). */
    static String money(BigDecimal amount, String currency) {
        if (amount == null) {
            return null;
        }
        BigDecimal plain = amount.stripTrailingZeros();
        int minor = CommandValidator.minorUnits(currency).orElse(0);
        return plain.setScale(Math.max(minor, Math.max(plain.scale(), 0))).toPlainString();
    }
}

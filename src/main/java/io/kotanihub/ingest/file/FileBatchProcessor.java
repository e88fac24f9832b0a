package io.kotanihub.ingest.file;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import io.kotanihub.common.csv.CsvWriters;
import io.kotanihub.common.logging.LogText;
import io.kotanihub.common.logging.PaymentMdc;
import io.kotanihub.dispatch.IntakeItem;
import io.kotanihub.dispatch.IntakeResult;
import io.kotanihub.dispatch.PaymentIntake;
import io.kotanihub.dispatch.bulk.BulkPlanner;
import io.kotanihub.dispatch.bulk.DispatchMode;
import io.kotanihub.ingest.file.FileDropProperties.InvalidRows;
import io.kotanihub.ledger.BatchRepository;
import io.kotanihub.ledger.BatchRepository.Batch;
import io.kotanihub.ledger.BatchRepository.RowIssue;
import io.kotanihub.model.PaymentCommand;
import io.kotanihub.model.Violation;
import io.kotanihub.ops.metrics.HubMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Turns one complete payout CSV into a batch (DESIGN.md "File drop", contract), in two streaming passes so that
 * memory stays flat for any file size. The CSV is a file from the inbox ({@link #process(String)}) or any other
 * {@link BatchSource}, such as a CSV posted to the REST API ({@link #process(Batch, BatchSource)}): the rules are
 * the same for every source.
 * <ol>
 *   <li>The content's SHA-256 is recorded as a new batch; the unique {@code batches.file_hash} recognises the same
 *       content dropped again (nothing paid, {@code <name>.duplicate.csv} written, original to the error folder).
 *       An unfinished batch with that hash whose owner stopped showing signs of life is resumed instead.</li>
 *   <li>Validation: every problem of every row (and references repeated within the file) goes to
 *       {@code <name>.validation.csv}. With {@code reject-file} nothing of an invalid file is paid.</li>
 *   <li>Dispatch: valid rows go to {@link PaymentIntake} in chunks; a reference the ledger already holds from
 *       elsewhere is recorded as DUPLICATE and not paid again.</li>
 * </ol>
 * The original then goes to the archive; {@link BatchResults} writes {@code <name>.result.csv} once every row is
 * final. The file is read through one open channel, so a file renamed over it meanwhile cannot change what is read.
 */
@Component
public class FileBatchProcessor {

    /** {@code batches.source} and {@code payments.source} of file-drop batches. */
    public static final String SOURCE = "FILE";

    /** What became of a file. */
    public enum Outcome {
        /** Rows handed to the ledger; the result file follows when they are final. */
        ACCEPTED,
        /** Invalid rows in {@code reject-file} mode, or an unreadable file: nothing paid. */
        REJECTED,
        /** The same content was dropped before: nothing paid. */
        DUPLICATE,
        /** Another hub instance is processing the same content right now: the file is left in the inbox. */
        BUSY
    }

    private static final Logger LOG = LoggerFactory.getLogger(FileBatchProcessor.class);
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final FileDropProperties properties;
    private final BatchRepository batches;
    private final PaymentIntake intake;
    private final CsvWriters csvWriters;
    private final String instanceId;
    /** Batches of another instance already reported as busy (logged once, not on every poll). */
    private final Set<String> busyLogged = ConcurrentHashMap.newKeySet();
    private HubMetrics metrics = HubMetrics.NONE;
    private BulkPlanner bulk;

    public FileBatchProcessor(FileDropProperties properties, BatchRepository batches, PaymentIntake intake,
                              CsvWriters csvWriters) {
        this.properties = properties;
        this.batches = batches;
        this.intake = intake;
        this.csvWriters = csvWriters;
        this.instanceId = ManagementFactory.getRuntimeMXBean().getName() + "/"
                + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Rows validated and handed over go to {@code kotani_hub_batch_rows_total} and its per-second gauge. */
    @Autowired(required = false)
    public void setMetrics(HubMetrics metrics) {
        this.metrics = metrics;
    }

    /** Bulk mode (issue 14): which rows go through Kotani's bulk payments API, in which chunk. */
    @Autowired(required = false)
    public void setBulkPlanner(BulkPlanner bulk) {
        this.bulk = bulk;
    }

    /** Identifies this hub instance as the owner of the batches it processes ({@code batches.claimed_by}). */
    public String instanceId() {
        return instanceId;
    }

    /**
     * Processes a batch that this instance created or took over ({@code claimed_by} is {@link #instanceId()}), whose
     * content comes from {@code source}: validation, then hand-over of its rows to the ledger.
     */
    public Outcome process(Batch batch, BatchSource source) throws IOException {
        return run(source, batch);
    }

    /** Processes one file of the inbox (called by the file-drop route with the file's absolute path). */
    public Outcome process(String path) throws IOException {
        Path file = Path.of(path);
        String name = file.getFileName().toString();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            Object fileKey = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
            String hash = sha256(channel);
            Batch batch = batches.create(UUID.randomUUID().toString(), SOURCE, name, hash, instanceId).orElse(null);
            if (batch == null) {
                Batch earlier = batches.findByHash(hash).orElseThrow(() ->
                        new IllegalStateException("a batch with hash " + hash + " exists but cannot be read"));
                if (earlier.finished() || BatchRepository.DISPATCHED.equals(earlier.status())) {
                    return duplicate(file, fileKey, name, hash, earlier);
                }
                if (!batches.takeOver(earlier.id(), instanceId, Instant.now().minus(properties.getBatchLease()))) {
                    if (busyLogged.add(earlier.id())) {
                        LOG.info("{}: batch {} with the same content is being processed by {}; the file stays in "
                                + "the inbox until it is finished or its owner stops", name, earlier.id(),
                                earlier.claimedBy());
                    }
                    return Outcome.BUSY;
                }
                busyLogged.remove(earlier.id());
                LOG.warn("{}: resuming unfinished batch {} (status {}, left by {})", name, earlier.id(),
                        earlier.status(), earlier.claimedBy());
                batch = earlier;
            } else {
                LOG.info("{}: {} bytes, new batch {} (sha-256 {})", name, channel.size(), batch.id(), hash);
            }
            return run(new DroppedFile(channel, file, fileKey, name), batch);
        }
    }

    private Outcome run(BatchSource source, Batch batch) throws IOException {
        try (PaymentMdc ignored = PaymentMdc.batch(batch.id())) {
            return runBatch(source, batch);
        }
    }

    private Outcome runBatch(BatchSource source, Batch batch) throws IOException {
        String name = source.name();
        batches.setStatus(batch.id(), BatchRepository.VALIDATING);
        Validation validation = validate(source, batch);
        if (validation.rejected(properties.getInvalidRows())) {
            batches.validated(batch.id(), validation.total, validation.total - validation.invalidCount,
                    validation.invalidCount, BatchRepository.REJECTED);
            if (validation.unreadableProblem != null) {
                LOG.warn("{}: rejected, it cannot be read from row {} on: {} (see {}); nothing is paid", name,
                        validation.unreadableRow, LogText.value(validation.unreadableProblem, 300), validation.report);
            } else if (validation.unreadable) {
                LOG.warn("{}: rejected, it cannot be read as a payout CSV (see {}); nothing is paid", name,
                        validation.report);
            } else {
                LOG.warn("{}: rejected, {} of {} rows invalid (see {}); nothing is paid", name,
                        validation.invalidCount, validation.total, validation.report);
            }
            source.finish(false);
            return Outcome.REJECTED;
        }
        batches.validated(batch.id(), validation.total, validation.total - validation.invalidCount,
                validation.invalidCount, BatchRepository.DISPATCHING);
        if (validation.invalidCount > 0) {
            LOG.warn("{}: {} of {} rows invalid (see {}); skipping them and paying the valid rows", name,
                    validation.invalidCount, validation.total, validation.report);
        }
        BulkPlanner.Assignment chunks = planBulk(source, batch, validation);
        Dispatch dispatch = dispatch(source, batch, validation, chunks);
        if (chunks != null && chunks.any()) {
            bulk.seal(batch.id());
        }
        batches.dispatched(batch.id(), dispatch.dispatched, dispatch.duplicates);
        LOG.info("{}: batch {} handed over: {} rows to pay, {} duplicates, {} invalid", name, batch.id(),
                dispatch.dispatched, dispatch.duplicates, validation.invalidCount);
        source.finish(true);
        return Outcome.ACCEPTED;
    }

    // ------------------------------------------------------------------------------------------------ validation

    /** The outcome of the validation pass. */
    private static final class Validation {
        int total;
        int invalidCount;
        boolean unreadable;
        /** Where and why an unreadable file could not be read (null when the header was the problem). */
        int unreadableRow;
        String unreadableProblem;
        /** Rows (by row number) that are invalid. */
        final BitSet invalid = new BitSet();
        /** Where the validation report is, when one was written. */
        String report;

        boolean rejected(InvalidRows mode) {
            return unreadable || (invalidCount > 0 && mode == InvalidRows.REJECT_FILE);
        }
    }

    private Validation validate(BatchSource source, Batch batch) throws IOException {
        String name = source.name();
        Validation result = new Validation();
        BatchSource.ValidationReport report = null;
        ReferenceSet seen = new ReferenceSet();
        ReferenceSet suspects = new ReferenceSet();
        long size = source.size();
        Progress progress = new Progress(LOG, name, properties.getProgressInterval());
        try (PayoutCsv csv = PayoutCsv.open(source.open())) {
            if (!csv.headerProblems().isEmpty()) {
                report = source.validationReport();
                for (Violation v : csv.headerProblems()) {
                    report.problem(1, null, v.field(), v.message());
                }
                result.unreadable = true;
            } else {
                if (!csv.unknownColumns().isEmpty()) {
                    List<String> unknown = csv.unknownColumns();
                    LOG.info("{}: ignoring {} column(s) that are not payout columns: {}", name, unknown.size(),
                            LogText.summary(unknown));
                }
                for (Iterator<PayoutRow> rows = csv.rows(); rows.hasNext(); ) {
                    PayoutRow row = rows.next();
                    result.total++;
                    metrics.batchRows("validated", 1);
                    if (row.reference() != null && !seen.add(row.reference())) {
                        suspects.add(row.reference());
                    }
                    if (!row.valid()) {
                        result.invalid.set(row.row());
                        result.invalidCount++;
                        if (report == null) {
                            report = source.validationReport();
                        }
                        for (Violation v : row.violations()) {
                            report.problem(row.row(), row.reference(), v.field(), v.message());
                        }
                    }
                    if (progress.report("validated", result.total, -1, size == 0 ? 1 : (double) csv.bytesRead() / size)) {
                        heartbeat(batch);
                    }
                }
            }
        } catch (PayoutCsv.UnreadableCsvException e) {
            result.unreadable = true;
            result.unreadableRow = e.row();
            result.unreadableProblem = e.getMessage();
            if (report == null) {
                report = source.validationReport();
            }
            report.problem(e.row(), null, "file", e.getMessage());
        }
        if (suspects.size() > 0 && !result.unreadable) {
            if (report == null) {
                report = source.validationReport();
            }
            markRepeatedReferences(source, suspects, result, report);
        }
        if (report != null) {
            result.report = report.commit();
        }
        return result;
    }

    /** Second look at the rows whose reference fingerprint was seen twice: exact comparison, later rows invalid. */
    private void markRepeatedReferences(BatchSource source, ReferenceSet suspects, Validation result,
                                        BatchSource.ValidationReport report) throws IOException {
        Map<String, Integer> firstRow = new HashMap<>();
        try (PayoutCsv csv = PayoutCsv.open(source.open())) {
            for (Iterator<PayoutRow> rows = csv.rows(); rows.hasNext(); ) {
                PayoutRow row = rows.next();
                if (row.reference() == null || !suspects.contains(row.reference())) {
                    continue;
                }
                Integer first = firstRow.putIfAbsent(row.reference(), row.row());
                if (first != null) {
                    if (!result.invalid.get(row.row())) {
                        result.invalid.set(row.row());
                        result.invalidCount++;
                    }
                    report.problem(row.row(), row.reference(), "reference",
                            "appears more than once in this file (first in row " + first + ")");
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ dispatch

    private static final class Dispatch {
        int dispatched;
        int duplicates;
    }

    /** Counts the valid rows Kotani's bulk API could take, per currency, and lets the planner decide (null: no planner). */
    private BulkPlanner.Assignment planBulk(BatchSource source, Batch batch, Validation validation) throws IOException {
        if (bulk == null) {
            return null;
        }
        DispatchMode mode = bulk.modeOf(batch.id(), properties.getDispatchMode());
        Map<String, Integer> eligible = new TreeMap<>();
        if (mode != DispatchMode.PER_PAYMENT) {
            try (PayoutCsv csv = PayoutCsv.open(source.open())) {
                for (Iterator<PayoutRow> rows = csv.rows(); rows.hasNext(); ) {
                    PayoutRow row = rows.next();
                    if (!validation.invalid.get(row.row()) && bulk.eligible(row.command())) {
                        eligible.merge(row.command().currency(), 1, Integer::sum);
                    }
                }
            }
        }
        return bulk.plan(batch.id(), mode, eligible);
    }

    private Dispatch dispatch(BatchSource source, Batch batch, Validation validation,
                              BulkPlanner.Assignment chunks) throws IOException {
        String name = source.name();
        Dispatch result = new Dispatch();
        int chunkSize = Math.max(1, properties.getChunkSize());
        List<PayoutRow> chunk = new ArrayList<>(chunkSize);
        List<RowIssue> issues = new ArrayList<>();
        int seen = 0;
        int toPay = validation.total - validation.invalidCount;
        Progress progress = new Progress(LOG, name, properties.getProgressInterval());
        try (PayoutCsv csv = PayoutCsv.open(source.open())) {
            for (Iterator<PayoutRow> rows = csv.rows(); rows.hasNext(); ) {
                PayoutRow row = rows.next();
                if (validation.invalid.get(row.row())) {
                    issues.add(invalidIssue(row));
                    if (issues.size() >= chunkSize) {
                        batches.recordIssues(batch.id(), issues);
                        issues.clear();
                    }
                    continue;
                }
                chunk.add(row);
                if (chunk.size() >= chunkSize) {
                    handOver(chunk, source, batch, result, issues, chunks);
                    seen += chunk.size();
                    chunk.clear();
                    progress.report("handed to the ledger", seen, toPay, toPay == 0 ? 1 : (double) seen / toPay);
                }
            }
            handOver(chunk, source, batch, result, issues, chunks);
        }
        return result;
    }

    private void handOver(List<PayoutRow> rows, BatchSource source, Batch batch, Dispatch result,
                          List<RowIssue> issues, BulkPlanner.Assignment chunks) {
        if (!rows.isEmpty()) {
            List<IntakeItem> items = new ArrayList<>(rows.size());
            for (PayoutRow row : rows) {
                items.add(new IntakeItem(withOrigin(row.command(), batch.id(), source.fileName(), row.row()),
                        row.row(), chunks == null ? null : chunks.chunkFor(row.command())));
            }
            List<IntakeResult> results = intake.acceptAll(items, source.origin(), batch.id());
            metrics.batchRows("handed_over", rows.size());
            for (int i = 0; i < rows.size(); i++) {
                PayoutRow row = rows.get(i);
                IntakeResult outcome = results.get(i);
                boolean ours = outcome.outcome() == IntakeResult.Outcome.ACCEPTED
                        || (batch.id().equals(outcome.batchId()) && Objects.equals(outcome.batchRow(), row.row()));
                if (ours) {
                    result.dispatched++;
                } else {
                    result.duplicates++;
                    issues.add(new RowIssue(row.row(), row.reference(), "DUPLICATE", row.amount(), row.currency(),
                            "DUPLICATE_REFERENCE", "reference already used by an earlier payment ("
                            + (outcome.batchId() == null ? "not from a batch" : "batch " + outcome.batchId()
                            + (outcome.batchRow() == null ? "" : ", row " + outcome.batchRow()))
                            + ", status " + outcome.status() + "); not paid again"));
                }
            }
        }
        batches.recordIssues(batch.id(), issues);
        issues.clear();
        batches.dispatchProgress(batch.id(), result.dispatched, result.duplicates);
        heartbeat(batch);
    }

    private static RowIssue invalidIssue(PayoutRow row) {
        return new RowIssue(row.row(), row.reference(), "INVALID", row.amount(), row.currency(), "VALIDATION",
                row.violations().isEmpty() ? "reference appears more than once in this file"
                        : row.violations().stream().map(Violation::toString).collect(Collectors.joining("; ")));
    }

    /** The command with where it came from as metadata (echoed on every event of the payment). */
    private static PaymentCommand withOrigin(PaymentCommand c, String batchId, String file, int row) {
        Map<String, Object> metadata = new java.util.LinkedHashMap<>();
        metadata.put("batchId", batchId);
        if (file != null) {
            metadata.put("file", file);
        }
        metadata.put("row", row);
        return c.withMetadata(metadata);
    }

    private void heartbeat(Batch batch) {
        if (!batches.heartbeat(batch.id(), instanceId)) {
            throw new IllegalStateException("batch " + batch.id() + " was taken over by another instance");
        }
    }

    // ------------------------------------------------------------------------------------------------ duplicates

    private Outcome duplicate(Path file, Object fileKey, String name, String hash, Batch earlier) throws IOException {
        Path reportPath = properties.getOutbox().resolve(stem(name) + ".duplicate.csv");
        try (ReportFile report = ReportFile.create(csvWriters, reportPath, "file", "sha256", "batch_id", "first_file",
                "first_received_at", "batch_status", "message")) {
            report.row(name, hash, earlier.id(), earlier.fileName(), earlier.createdAt(), earlier.status(),
                    "the same content was dropped before; nothing of this file is paid");
            report.commit();
        }
        LOG.warn("{}: same content as batch {} ({}, received {}, {}); nothing is paid, see {}", name, earlier.id(),
                earlier.fileName(), earlier.createdAt(), earlier.status(), reportPath);
        finish(file, fileKey, name, properties.getError());
        return Outcome.DUPLICATE;
    }

    // ------------------------------------------------------------------------------------------------ files

    /**
     * Moves the original into {@code folder} (a name already there gets a time stamp) and deletes its done-marker.
     * When the inbox name now holds another file (renamed over it while it was read), that file is left alone.
     */
    private void finish(Path file, Object fileKey, String name, Path folder) throws IOException {
        Files.deleteIfExists(file.resolveSibling(name + properties.getDoneMarkerSuffix()));
        try {
            Object current = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
            if (fileKey != null && !fileKey.equals(current)) {
                LOG.warn("{}: a new file was put in its place while it was processed; the new one stays", name);
                return;
            }
        } catch (NoSuchFileException gone) {
            LOG.warn("{}: the original disappeared from the inbox before it could be moved", name);
            return;
        }
        Files.createDirectories(folder);
        Path target = folder.resolve(name);
        if (Files.exists(target)) {
            target = folder.resolve(stem(name) + "." + STAMP.format(Instant.now()) + extension(name));
        }
        try {
            Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(file, target);
        }
    }

    /** {@code payroll.csv} → {@code payroll}. */
    static String stem(String name) {
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    private static String extension(String name) {
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(dot) : "";
    }

    private static String sha256(FileChannel channel) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
        ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
        long position = 0;
        int n;
        while ((n = channel.read(buffer, position)) > 0) {
            buffer.flip();
            digest.update(buffer);
            buffer.clear();
            position += n;
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /**
     * A file of the inbox, read through one open channel: its validation report goes to
     * {@code <name>.validation.csv} in the outbox, and the original to the archive (accepted) or the error folder.
     */
    private final class DroppedFile implements BatchSource {
        private final FileChannel channel;
        private final Path file;
        private final Object fileKey;
        private final String name;

        DroppedFile(FileChannel channel, Path file, Object fileKey, String name) {
            this.channel = channel;
            this.file = file;
            this.fileKey = fileKey;
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String fileName() {
            return name;
        }

        @Override
        public String origin() {
            return SOURCE;
        }

        @Override
        public long size() throws IOException {
            return channel.size();
        }

        @Override
        public InputStream open() {
            return new ChannelInput(channel);
        }

        @Override
        public ValidationReport validationReport() throws IOException {
            ReportFile report = ReportFile.create(csvWriters, properties.getOutbox().resolve(stem(name) + ".validation.csv"),
                    "row", "reference", "field", "error");
            return new ValidationReport() {
                @Override
                public void problem(int row, String reference, String field, String message) {
                    report.row(row, reference, field, message);
                }

                @Override
                public String commit() throws IOException {
                    return report.commit().toString();
                }

                @Override
                public void close() throws IOException {
                    report.close();
                }
            };
        }

        @Override
        public void finish(boolean accepted) throws IOException {
            FileBatchProcessor.this.finish(file, fileKey, name, accepted ? properties.getArchive() : properties.getError());
        }
    }

    /** Reads a file channel from its start with positional reads; closing it leaves the channel open. */
    private static final class ChannelInput extends InputStream {
        private final FileChannel channel;
        private long position;

        ChannelInput(FileChannel channel) {
            this.channel = channel;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] bytes, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            int n = channel.read(ByteBuffer.wrap(bytes, offset, length), position);
            if (n > 0) {
                position += n;
            }
            return n;
        }
    }
}

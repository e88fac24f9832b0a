package io.kotanihub.ingest.rest;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.kotanihub.ingest.file.BatchSource;
import io.kotanihub.ingest.file.FileBatchProcessor;
import io.kotanihub.ingest.file.FileDropProperties;
import io.kotanihub.ledger.BatchRepository;
import io.kotanihub.ledger.BatchRepository.Batch;
import io.kotanihub.ledger.BatchUploadRepository;
import io.kotanihub.ledger.BatchUploadRepository.Problem;
import io.kotanihub.model.PaymentStatus;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Processes the CSV batches posted to {@code POST /api/v1/batches} asynchronously, with the file drop's batch logic
 * ({@link FileBatchProcessor#process(Batch, BatchSource)}: the same columns, validation and duplicate rules). The
 * content is stored with the batch before the 202 answer; the {@value #ENDPOINT} route takes it right away, and
 * the housekeeping route resumes a batch whose instance stopped before its rows were in the ledger (its heartbeat
 * older than {@code hub.files.batch-lease}, shared with the file drop) and completes batches whose payments are all
 * final.
 */
@Component
public class ApiBatches {

    /** {@code batches.source} and {@code payments.source} of batches posted to the REST API. */
    public static final String SOURCE = "API";

    public static final String ENDPOINT = "seda:api-batches";

    private static final Logger LOG = LoggerFactory.getLogger(ApiBatches.class);
    private static final int PROBLEM_CHUNK = 500;
    static final List<String> TERMINAL = Arrays.stream(PaymentStatus.values())
            .filter(PaymentStatus::isTerminal).map(Enum::name).toList();

    private final FileBatchProcessor processor;
    private final BatchRepository batches;
    private final BatchUploadRepository uploads;
    private final FileDropProperties fileProperties;
    private final CamelContext camel;
    private final ProducerTemplate producer;
    /** Batches this instance is processing now (never twice at once here; the lease keeps other instances off). */
    private final Set<String> running = ConcurrentHashMap.newKeySet();

    public ApiBatches(FileBatchProcessor processor, BatchRepository batches, BatchUploadRepository uploads,
                      FileDropProperties fileProperties, CamelContext camel, ProducerTemplate producer) {
        this.processor = processor;
        this.batches = batches;
        this.uploads = uploads;
        this.fileProperties = fileProperties;
        this.camel = camel;
        this.producer = producer;
    }

    /** Stores a posted CSV as a new batch owned by this instance, or finds the batch with the same content. */
    public BatchUploadRepository.Stored store(String id, String name, String hash, InputStream content, long length) {
        return uploads.create(id, SOURCE, name, hash, processor.instanceId(), content, length);
    }

    /** Hands a stored batch to the processing route (a fast path: housekeeping resumes it if this is lost). */
    public void submit(String batchId) {
        if (camel.isStarted()) {
            producer.asyncSendBody(ENDPOINT, batchId);
        }
    }

    /** Validates a batch and hands its rows to the ledger, unless it is done or another live instance holds it. */
    public void process(String batchId) throws IOException {
        if (!running.add(batchId)) {
            return;
        }
        try {
            Optional<Batch> found = batches.findById(batchId);
            if (found.isEmpty() || found.get().finished()
                    || BatchRepository.DISPATCHED.equals(found.get().status())) {
                return;
            }
            Batch batch = found.get();
            if (!batches.takeOver(batchId, processor.instanceId(),
                    Instant.now().minus(fileProperties.getBatchLease()))) {
                return;
            }
            Optional<byte[]> content = uploads.content(batchId);
            if (content.isEmpty()) {
                LOG.error("API batch {} ({}) has no stored content; it cannot be processed", batchId, batch.status());
                return;
            }
            if (!BatchRepository.RECEIVED.equals(batch.status())) {
                LOG.warn("API batch {}: resuming (status {}, left by {})", batchId, batch.status(), batch.claimedBy());
            }
            FileBatchProcessor.Outcome outcome = processor.process(batch, new PostedCsv(batch, content.get()));
            LOG.info("API batch {}: {}", batchId, outcome);
        } finally {
            running.remove(batchId);
        }
    }

    /** Resumes abandoned batches and completes the ones whose payments are all final (the housekeeping route). */
    public void housekeeping() throws IOException {
        for (String abandoned : uploads.abandoned(SOURCE, Instant.now().minus(fileProperties.getBatchLease()))) {
            process(abandoned);
        }
        for (Batch batch : batches.awaitingResult(SOURCE)) {
            completeIfSettled(batch);
        }
    }

    /** Marks a handed-over batch COMPLETED once every payment of it is final; true when it is (or was) completed. */
    boolean completeIfSettled(Batch batch) {
        if (BatchRepository.COMPLETED.equals(batch.status())) {
            return true;
        }
        if (!BatchRepository.DISPATCHED.equals(batch.status()) || batches.pendingPayments(batch.id(), TERMINAL) > 0) {
            return false;
        }
        if (batches.completed(batch.id(), null)) {
            LOG.info("API batch {}: every row is final: {}", batch.id(), batches.countsByStatus(batch.id()));
        }
        return true;
    }

    /** A posted CSV held in the database: problems go to {@code batch_problems}, the content is dropped at the end. */
    private final class PostedCsv implements BatchSource {
        private final Batch batch;
        private final byte[] content;

        PostedCsv(Batch batch, byte[] content) {
            this.batch = batch;
            this.content = content;
        }

        @Override
        public String name() {
            return "API batch " + batch.id() + (batch.fileName() == null ? "" : " (" + batch.fileName() + ")");
        }

        @Override
        public String fileName() {
            return batch.fileName();
        }

        @Override
        public String origin() {
            return SOURCE;
        }

        @Override
        public long size() {
            return content.length;
        }

        @Override
        public InputStream open() {
            return new ByteArrayInputStream(content);
        }

        @Override
        public ValidationReport validationReport() {
            uploads.deleteProblems(batch.id());
            return new ValidationReport() {
                private final List<Problem> pending = new ArrayList<>();
                private int stored;

                @Override
                public void problem(int row, String reference, String field, String message) {
                    pending.add(new Problem(row, reference, field, message));
                    if (pending.size() >= PROBLEM_CHUNK) {
                        flush();
                    }
                }

                @Override
                public String commit() {
                    flush();
                    return "GET /api/v1/batches/" + batch.id();
                }

                @Override
                public void close() {
                    pending.clear();
                }

                private void flush() {
                    uploads.addProblems(batch.id(), stored + 1, pending);
                    stored += pending.size();
                    pending.clear();
                }
            };
        }

        @Override
        public void finish(boolean accepted) {
            uploads.deleteContent(batch.id());
        }
    }
}

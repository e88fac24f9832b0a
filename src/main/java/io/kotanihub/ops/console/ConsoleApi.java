package io.kotanihub.ops.console;

import static io.kotanihub.ops.console.ConsoleProblems.problem;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.kotanihub.common.csv.CsvWriters;
import io.kotanihub.common.logging.LogMasker;
import io.kotanihub.common.logging.LogText;
import io.kotanihub.ingest.file.BatchResults;
import io.kotanihub.ingest.file.FileDropProperties;
import io.kotanihub.ledger.BatchRepository;
import io.kotanihub.ledger.BatchUploadRepository;
import io.kotanihub.ledger.BulkChunkRepository;
import io.kotanihub.ops.console.bridge.BridgeTransfers;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import io.kotanihub.webhook.erp.ErpDelivery;
import io.kotanihub.webhook.erp.ErpOutbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * The JSON (and CSV downloads) behind the console's pages, under {@code /console/api}; {@link ConsoleAuth} refuses
 * every call without a signed-in session (401).
 */
@RestController
@RequestMapping(path = "/console/api")
public class ConsoleApi {

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleApi.class);
    private static final Set<String> DELIVERY_STATES = Set.of("PENDING", "DELIVERED", "DEAD");
    private static final int MAX_ROWS = 1000;

    private final ConsoleQueries queries;
    private final PaymentTimeline timeline;
    private final ErpOutbox outbox;
    private final BatchRepository batches;
    private final BatchUploadRepository uploads;
    private final FileDropProperties files;
    private final BridgeTransfers bridge;
    private final BulkChunkRepository bulkChunks;
    private final CsvWriters csvWriters;

    public ConsoleApi(ConsoleQueries queries, PaymentTimeline timeline, ErpOutbox outbox, BatchRepository batches,
                      BatchUploadRepository uploads, FileDropProperties files, BridgeTransfers bridge,
                      BulkChunkRepository bulkChunks, CsvWriters csvWriters) {
        this.queries = queries;
        this.timeline = timeline;
        this.outbox = outbox;
        this.batches = batches;
        this.uploads = uploads;
        this.files = files;
        this.bridge = bridge;
        this.bulkChunks = bulkChunks;
        this.csvWriters = csvWriters;
    }

    @GetMapping("/overview")
    public ResponseEntity<Object> overview() {
        return json(queries.overview());
    }

    /** The latest batches, filtered by status, source and the day (or time) they arrived ({@code from}, {@code to}). */
    @GetMapping("/batches")
    public ResponseEntity<Object> batches(@RequestParam Map<String, String> params) {
        String status = PaymentFilter.text(params, "status");
        String source = PaymentFilter.text(params, "source");
        if ((status != null && !status.matches("[A-Za-z_]{1,32}")) || (source != null && !source.matches("[A-Za-z0-9_-]{1,16}"))) {
            return problem(HttpStatus.BAD_REQUEST, "status and source are words such as COMPLETED and FILE");
        }
        try {
            return json(Map.of("batches", queries.batches(status == null ? null : status.toUpperCase(),
                    source == null ? null : source.toUpperCase(), PaymentFilter.date(params, "from", false),
                    PaymentFilter.date(params, "to", true))));
        } catch (IllegalArgumentException e) {
            return problem(HttpStatus.BAD_REQUEST, e.getMessage());
        }
    }

    @GetMapping("/batches/{id}")
    public ResponseEntity<Object> batch(@PathVariable String id,
                                        @RequestParam(name = "afterRow", defaultValue = "0") int afterRow,
                                        @RequestParam(name = "limit", defaultValue = "500") int limit,
                                        @RequestParam(name = "status", required = false) String status) {
        String wanted = status == null || status.isBlank() ? null : status.trim().toUpperCase();
        if (wanted != null && !wanted.matches("[A-Z_]{1,32}")) {
            return problem(HttpStatus.BAD_REQUEST, "status is a payment status such as FAILED, or DUPLICATE or INVALID");
        }
        return queries.batch(id).<ResponseEntity<Object>>map(batch -> {
            Map<String, Object> out = new LinkedHashMap<>(batch);
            int size = Math.max(1, Math.min(limit, MAX_ROWS));
            List<Map<String, Object>> rows = queries.batchRows(id, Math.max(0, afterRow), size, wanted);
            out.put("rows", rows);
            out.put("nextAfterRow", rows.size() == size ? rows.get(rows.size() - 1).get("row") : null);
            out.put("problemCount", uploads.problemCount(id));
            out.put("kotaniBatches", bulkChunks.forBatch(id));
            return json(out);
        }).orElseGet(() -> notFound("no batch " + id));
    }

    /** The validation report: a posted batch's problems, or a dropped file's {@code .validation.csv}. */
    @GetMapping("/batches/{id}/validation.csv")
    public ResponseEntity<StreamingResponseBody> validationCsv(@PathVariable String id) {
        BatchRepository.Batch batch = batches.findById(id).orElse(null);
        if (batch == null) {
            return noBatch(id);
        }
        Path outboxDir = files.getOutbox().toAbsolutePath().normalize();
        Path report = batch.fileName() == null ? null
                : outboxDir.resolve(stem(batch.fileName()) + ".validation.csv").normalize();
        if (!"API".equals(batch.source()) && report != null && report.getParent().equals(outboxDir)
                && Files.isRegularFile(report)) {
            // read here, as strict UTF-8, so that an unreadable report is this call's failure (a 500 problem)
            byte[] text;
            try {
                text = Files.readString(report, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return csv(id + ".validation.csv", out -> out.write(text));
        }
        return csv(id + ".validation.csv", out -> {
            try (CsvWriters.CsvOutput csv = csvWriters.open(out)) {
                csv.record("row", "reference", "field", "error");
                for (BatchUploadRepository.Problem p : uploads.problems(id, Integer.MAX_VALUE)) {
                    csv.text(p.row(), p.reference(), p.field(), LogMasker.mask(p.message()));
                }
            }
        });
    }

    /** The result rows as they stand now (final once the batch is), in the file drop's result columns, streamed. */
    @GetMapping("/batches/{id}/result.csv")
    public ResponseEntity<StreamingResponseBody> resultCsv(@PathVariable String id) {
        if (batches.findById(id).isEmpty()) {
            return noBatch(id);
        }
        return csv(id + ".result.csv", out -> {
            try (CsvWriters.CsvOutput csv = csvWriters.open(out)) {
                csv.record((Object[]) BatchResults.COLUMNS);
                batches.forEachResultRow(id, 1000, row -> csv.text(row.reference(), row.status(), row.kotaniId(),
                        ConsoleQueries.money(row.amount(), row.currency()), row.currency(),
                        ConsoleQueries.money(row.fee(), row.currency()), row.completedAt(), row.errorCode(),
                        LogMasker.mask(row.errorMessage())));
            }
        });
    }

    @GetMapping("/payments/{reference}")
    public ResponseEntity<Object> payment(@PathVariable String reference) {
        return timeline.of(reference).<ResponseEntity<Object>>map(this::json)
                .orElseGet(() -> notFound("no payment with reference " + reference));
    }

    @GetMapping("/deliveries")
    public ResponseEntity<Object> deliveries(@RequestParam(name = "state", defaultValue = "DEAD") String state) {
        String wanted = state.toUpperCase();
        if (!DELIVERY_STATES.contains(wanted)) {
            return problem(HttpStatus.BAD_REQUEST, "state must be one of PENDING, DELIVERED, DEAD");
        }
        return json(Map.of("state", wanted, "deliveries", outbox.list(wanted, 200).stream().map(ConsoleApi::delivery).toList()));
    }

    @GetMapping("/deliveries/{id}")
    public ResponseEntity<Object> delivery(@PathVariable long id) {
        return outbox.find(id).<ResponseEntity<Object>>map(d -> json(delivery(d)))
                .orElseGet(() -> notFound("no delivery " + id));
    }

    /** Puts a DEAD delivery back in the outbox with a fresh retry schedule (as {@code POST /api/v1/deliveries/{id}/replay}). */
    @PostMapping("/deliveries/{id}/replay")
    public ResponseEntity<Object> replay(@PathVariable long id) {
        ErpDelivery delivery = outbox.find(id).orElse(null);
        if (delivery == null) {
            return notFound("no delivery " + id);
        }
        if (!outbox.replay(id)) {
            return problem(HttpStatus.CONFLICT, "delivery " + id + " is " + delivery.state() + ", only DEAD ones are replayed");
        }
        return ResponseEntity.status(202).header(HttpHeaders.CACHE_CONTROL, "no-store")
                .body(delivery(outbox.find(id).orElseThrow()));
    }

    @GetMapping("/bridge")
    public ResponseEntity<Object> bridgeTransfers() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("available", bridge.available());
        out.put("transfers", bridge.available() ? bridge.recent(100) : List.of());
        return json(out);
    }

    @GetMapping("/bridge/{id}")
    public ResponseEntity<Object> bridgeTransfer(@PathVariable String id) {
        return bridge.find(id).<ResponseEntity<Object>>map(this::json).orElseGet(() -> notFound("no transfer " + id));
    }

    private static Map<String, Object> delivery(ErpDelivery d) {
        Map<String, Object> view = new LinkedHashMap<>(ErpOutbox.view(d));
        view.put("targetUrl", LogMasker.mask(d.targetUrl()));
        view.put("lastError", LogMasker.mask(d.lastError()));
        return view;
    }

    /**
     * An unexpected failure of a console call: logged once (stack trace, method and path, never the body) and
     * answered as a 500 problem. Spring's own request errors (wrong method, media type, parameter) keep their answers.
     */
    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception e, HttpServletRequest request) throws Exception {
        if (e instanceof ErrorResponse || e instanceof ServletException || e instanceof HttpMessageNotReadableException
                || e instanceof TypeMismatchException
                || AnnotatedElementUtils.hasAnnotation(e.getClass(), ResponseStatus.class)) {
            throw e;
        }
        LOG.error("console API {} {} failed: {}", request.getMethod(), LogText.value(request.getRequestURI(), 300),
                LogText.value(e.toString(), 300), e);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "the request could not be processed; it was logged");
    }

    private ResponseEntity<Object> json(Object body) {
        return ResponseEntity.ok().header(HttpHeaders.CACHE_CONTROL, "no-store").body(body);
    }

    private static ResponseEntity<Object> notFound(String detail) {
        return problem(HttpStatus.NOT_FOUND, detail);
    }


    private static ResponseEntity<StreamingResponseBody> csv(String name, StreamingResponseBody body) {
        return ResponseEntity.ok().contentType(MediaType.valueOf("text/csv;charset=UTF-8"))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(name).build().toString())
                .header(HttpHeaders.CACHE_CONTROL, "no-store").body(body);
    }

    private static ResponseEntity<StreamingResponseBody> noBatch(String id) {
        byte[] text = ("no batch " + id).getBytes(StandardCharsets.UTF_8);
        return ResponseEntity.status(404).contentType(MediaType.TEXT_PLAIN).body(out -> out.write(text));
    }

    private static String stem(String name) {
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}

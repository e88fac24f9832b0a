package io.kotanihub.ingest.rest;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.kotanihub.dispatch.bulk.BulkPlanner;
import io.kotanihub.dispatch.bulk.DispatchMode;
import io.kotanihub.edge.BodyTooLargeException;
import io.kotanihub.edge.EdgeFilter;
import io.kotanihub.edge.NotUtf8Exception;
import io.kotanihub.ledger.BatchRepository;
import io.kotanihub.ledger.BatchRepository.Batch;
import io.kotanihub.ledger.BatchRepository.ResultRow;
import io.kotanihub.ledger.BatchUploadRepository;
import io.kotanihub.model.PaymentStatus;
import io.kotanihub.rest.ApiProblem;
import io.kotanihub.rest.ApiProperties;
import io.kotanihub.rest.ApiResponse;
import io.kotanihub.rest.PathParams;
import io.kotanihub.rest.QueryParams;
import jakarta.servlet.http.HttpServletRequest;
import org.apache.camel.Body;
import org.apache.camel.Header;
import org.springframework.stereotype.Component;

/**
 * {@code POST /batches} (a payout CSV with the file drop's columns and rules → 202 with the batch id, processed
 * asynchronously by {@link ApiBatches}) and {@code GET /batches/{id}} (status, counts per status, progress, the
 * validation problems, and the result rows once every row is final).
 */
@Component
public class BatchApi {

    private static final String HTTP_SERVLET_REQUEST = "CamelHttpServletRequest";
    /** Media types a CSV body may be sent as (parameters such as {@code charset} are ignored). */
    private static final Set<String> CSV_TYPES = Set.of("text/csv", "application/csv", "text/plain",
            "application/octet-stream");
    private static final int MAX_NAME = 200;
    private static final int DEFAULT_LIMIT = 1000;
    private static final int MAX_LIMIT = 10_000;
    private static final int PROBLEMS_SHOWN = 1000;
    private static final Set<String> ISSUES = Set.of("DUPLICATE", "INVALID");

    private final ApiBatches apiBatches;
    private final BatchRepository batches;
    private final BatchUploadRepository uploads;
    private final ApiProperties properties;
    /** Records a batch's own dispatch mode (issue 14); set by Spring. */
    @org.springframework.beans.factory.annotation.Autowired(required = false)
    private BulkPlanner bulkPlanner;

    public BatchApi(ApiBatches apiBatches, BatchRepository batches, BatchUploadRepository uploads,
                    ApiProperties properties) {
        this.apiBatches = apiBatches;
        this.batches = batches;
        this.uploads = uploads;
        this.properties = properties;
    }

    /**
     * @param request the servlet request, whose attribute {@link EdgeFilter#BODY} streams the CSV (Camel's own body
     *                of this request is empty; see {@link EdgeFilter}); without it, the Camel body is read
     */
    public ApiResponse create(@Body Reader camelBody, @Header(HTTP_SERVLET_REQUEST) HttpServletRequest request,
                              @Header("Content-Type") String contentType,
                              @Header("Content-Length") String contentLength, @Header("name") String name,
                              @Header("dispatchMode") String dispatchMode)
            throws IOException {
        DispatchMode mode;
        try {
            mode = DispatchMode.parse(dispatchMode);
        } catch (IllegalArgumentException e) {
            throw new ApiProblem(400, "Bad Request", e.getMessage());
        }
        if (contentType != null && !contentType.isBlank()
                && !CSV_TYPES.contains(contentType.split(";")[0].trim().toLowerCase(Locale.ROOT))) {
            throw new ApiProblem(415, "Unsupported Media Type",
                    "a batch is a CSV body (Content-Type: text/csv), not " + contentType);
        }
        long max = properties.getMaxCsvBody().toBytes();
        if (contentLength != null && contentLength.matches("[0-9]{1,18}") && Long.parseLong(contentLength) > max) {
            throw tooLarge();
        }
        String label = name == null || name.isBlank() ? null : name.strip();
        if (label != null && (label.length() > MAX_NAME || label.chars().anyMatch(Character::isISOControl))) {
            throw new ApiProblem(400, "Bad Request", "name must be at most " + MAX_NAME
                    + " characters without control characters");
        }
        Path spool = Files.createTempFile("kotani-batch-", ".csv");
        try {
            Object streamed = request == null ? null : request.getAttribute(EdgeFilter.BODY);
            String hash = spool(streamed instanceof Reader reader ? reader : camelBody, spool, max);
            long size = Files.size(spool);
            if (size == 0) {
                throw new ApiProblem(400, "Bad Request", "the body is empty: a payout CSV with a header row is expected");
            }
            BatchUploadRepository.Stored stored;
            try (InputStream content = Files.newInputStream(spool)) {
                stored = apiBatches.store(UUID.randomUUID().toString(), label, hash, content, size);
            }
            if (stored.created()) {
                if (mode != null && bulkPlanner != null) {
                    bulkPlanner.setMode(stored.batch().id(), mode);
                }
                apiBatches.submit(stored.batch().id());
            }
            return accepted(stored);
        } finally {
            Files.deleteIfExists(spool);
        }
    }

    private static ApiResponse accepted(BatchUploadRepository.Stored stored) {
        Batch batch = stored.batch();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", batch.id());
        out.put("status", batch.status());
        out.put("name", batch.fileName());
        out.put("replayed", !stored.created());
        out.put("createdAt", batch.createdAt());
        out.put("location", "/api/v1/batches/" + batch.id());
        return ApiResponse.json(202, out);
    }

    public ApiResponse get(String path, @Header("afterRow") String afterRow, @Header("limit") String limit) {
        String id = PathParams.decode(path);
        Batch batch = batches.findById(id)
                .orElseThrow(() -> new ApiProblem(404, "Not Found", "no batch with id " + id));
        int after = QueryParams.wholeNumber("afterRow", afterRow, 1, Integer.MAX_VALUE, 1);
        int pageSize = QueryParams.wholeNumber("limit", limit, 1, MAX_LIMIT, DEFAULT_LIMIT);
        if (ApiBatches.SOURCE.equals(batch.source()) && apiBatches.completeIfSettled(batch)) {
            batch = batches.findById(id).orElseThrow();
        }
        Map<String, Long> counts = batches.countsByStatus(id);
        boolean rejected = BatchRepository.REJECTED.equals(batch.status());
        long pending = BatchRepository.DISPATCHED.equals(batch.status()) || BatchRepository.COMPLETED.equals(batch.status())
                ? batches.pendingPayments(id, ApiBatches.TERMINAL) : -1;
        boolean handedOver = pending >= 0;
        boolean isFinal = rejected || (handedOver && pending == 0);
        long done = rejected ? batch.totalRows() : counts.entrySet().stream()
                .filter(e -> ISSUES.contains(e.getKey()) || terminal(e.getKey()))
                .mapToLong(Map.Entry::getValue).sum();

        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", batch.id());
        out.put("source", batch.source());
        out.put("name", batch.fileName());
        out.put("status", batch.status());
        out.put("final", isFinal);
        out.put("totalRows", batch.totalRows());
        out.put("validRows", batch.validRows());
        out.put("invalidRows", batch.invalidRows());
        out.put("duplicateRows", batch.duplicateRows());
        out.put("counts", counts);
        Map<String, Object> progress = new LinkedHashMap<>();
        progress.put("done", done);
        progress.put("total", batch.totalRows());
        progress.put("percent", batch.totalRows() == 0 ? (isFinal ? 100.0 : 0.0)
                : Math.round(1000.0 * done / batch.totalRows()) / 10.0);
        out.put("progress", progress);
        out.put("problemCount", uploads.problemCount(id));
        out.put("problems", uploads.problems(id, PROBLEMS_SHOWN).stream().map(p -> {
            Map<String, Object> problem = new LinkedHashMap<>();
            problem.put("row", p.row());
            problem.put("reference", p.reference());
            problem.put("field", p.field());
            problem.put("message", p.message());
            return problem;
        }).toList());
        out.put("createdAt", batch.createdAt());
        out.put("completedAt", batch.completedAt());
        if (isFinal && !rejected) {
            List<ResultRow> rows = uploads.resultPage(id, after - 1, pageSize);
            out.put("results", rows.stream().map(BatchApi::result).toList());
            out.put("nextAfterRow", rows.size() == pageSize ? rows.get(rows.size() - 1).row() + 1 : null);
        }
        return ApiResponse.json(200, out);
    }

    private static Map<String, Object> result(ResultRow row) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("row", row.row());
        out.put("reference", row.reference());
        out.put("status", row.status());
        out.put("kotaniId", row.kotaniId());
        out.put("amount", plain(row.amount()));
        out.put("currency", row.currency());
        out.put("fee", plain(row.fee()));
        out.put("completedAt", row.completedAt());
        out.put("errorCode", row.errorCode());
        out.put("errorMessage", row.errorMessage());
        return out;
    }

    private static boolean terminal(String status) {
        try {
            return PaymentStatus.valueOf(status).isTerminal();
        } catch (IllegalArgumentException notAPaymentStatus) {
            return false;
        }
    }

    private static String plain(BigDecimal amount) {
        return amount == null ? null : amount.stripTrailingZeros().toPlainString();
    }

    private ApiProblem tooLarge() {
        return new ApiProblem(413, "Payload Too Large",
                "a batch may not exceed " + properties.getMaxCsvBody().toMegabytes() + " MB");
    }

    /**
     * Copies the body (decoded as UTF-8 on its way in) to {@code file} as UTF-8, at most {@code max} bytes of it
     * (then 413, without reading the rest); answers its SHA-256. A body that is not UTF-8 text (malformed bytes, or
     * NUL characters as in UTF-16 without a byte-order mark) is refused with the file drop's words.
     */
    private String spool(Reader in, Path file, long max) throws IOException {
        MessageDigest sha = sha256();
        if (in == null) {
            return HexFormat.of().formatHex(sha.digest());
        }
        try (Writer out = new OutputStreamWriter(new DigestOutputStream(
                new BufferedOutputStream(Files.newOutputStream(file), 65536), sha), StandardCharsets.UTF_8)) {
            char[] buffer = new char[32768];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == 0) {
                        throw notUtf8();
                    }
                }
                out.write(buffer, 0, n);
                if (Files.size(file) > max) {
                    throw tooLarge();
                }
            }
        } catch (BodyTooLargeException e) {
            throw tooLarge();
        } catch (NotUtf8Exception | CharacterCodingException e) {
            throw notUtf8();
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static ApiProblem notUtf8() {
        return new ApiProblem(400, "Bad Request", "the body " + NotUtf8Exception.DETAIL);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}

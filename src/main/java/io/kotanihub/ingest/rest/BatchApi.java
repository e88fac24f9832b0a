package io.kotanihub.ingest.rest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.kotanihub.ledger.BatchRepository;
import io.kotanihub.ledger.BatchRepository.Batch;
import io.kotanihub.ledger.BatchRepository.ResultRow;
import io.kotanihub.ledger.BatchUploadRepository;
import io.kotanihub.model.PaymentStatus;
import org.apache.camel.Header;
import org.springframework.stereotype.Component;

/**
 * {@code POST /batches} (a payout CSV with the file drop's columns and rules → 202 with the batch id, processed
 * asynchronously by {@link ApiBatches}) and {@code GET /batches/{id}} (status, counts per status, progress, the
 * validation problems, and the result rows once every row is final).
 */
@Component
public class BatchApi {

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

    public BatchApi(ApiBatches apiBatches, BatchRepository batches, BatchUploadRepository uploads,
                    ApiProperties properties) {
        this.apiBatches = apiBatches;
        this.batches = batches;
        this.uploads = uploads;
        this.properties = properties;
    }

    public ApiResponse create(InputStream body, @Header("Content-Type") String contentType,
                              @Header("Content-Length") String contentLength, @Header("name") String name)
            throws IOException {
        if (contentType != null && !contentType.isBlank()
                && !CSV_TYPES.contains(contentType.split(";")[0].trim().toLowerCase(Locale.ROOT))) {
            throw new ApiProblem(415, "Unsupported Media Type",
                    "a batch is a CSV body (Content-Type: text/csv), not " + contentType);
        }
        long max = properties.getMaxCsvBody().toBytes();
        if (contentLength != null && contentLength.matches("[0-9]{1,18}") && Long.parseLong(contentLength) > max) {
            throw tooLarge();
        }
        byte[] csv = readAtMost(body, max);
        if (csv.length == 0) {
            throw new ApiProblem(400, "Bad Request", "the body is empty: a payout CSV with a header row is expected");
        }
        String label = name == null || name.isBlank() ? null : name.strip();
        if (label != null && (label.length() > MAX_NAME || label.chars().anyMatch(Character::isISOControl))) {
            throw new ApiProblem(400, "Bad Request", "name must be at most " + MAX_NAME
                    + " characters without control characters");
        }
        BatchUploadRepository.Stored stored = apiBatches.store(UUID.randomUUID().toString(), label, sha256(csv), csv);
        if (stored.created()) {
            apiBatches.submit(stored.batch().id());
        }
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
        int after = number("afterRow", afterRow, 1, Integer.MAX_VALUE, 1);
        int pageSize = number("limit", limit, 1, MAX_LIMIT, DEFAULT_LIMIT);
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

    private static int number(String name, String value, int min, int max, int fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException notANumber) {
            throw new ApiProblem(400, "Bad Request", name + " must be a whole number from " + min + " to " + max);
        }
        throw new ApiProblem(400, "Bad Request", name + " must be a whole number from " + min + " to " + max);
    }

    private ApiProblem tooLarge() {
        return new ApiProblem(413, "Payload Too Large",
                "a batch may not exceed " + properties.getMaxCsvBody().toMegabytes() + " MB");
    }

    /** The body, read to its end unless it is longer than {@code max} bytes (then 413, without reading the rest). */
    private byte[] readAtMost(InputStream in, long max) throws IOException {
        if (in == null) {
            return new byte[0];
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[65536];
        long total = 0;
        int n;
        while ((n = in.read(buffer)) > 0) {
            total += n;
            if (total > max) {
                throw tooLarge();
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}

package io.kotanihub.ledger;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.kotanihub.ledger.BatchRepository.Batch;
import io.kotanihub.ledger.BatchRepository.ResultRow;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Batches that arrive as a request body rather than a file ({@code POST /api/v1/batches}): their content
 * ({@code batch_contents}), stored with the batch row in one transaction and removed once the rows are in the
 * ledger, and their validation problems ({@code batch_problems}); plus the read side of any batch that the REST API
 * reports: a page of result rows (ledger payments merged with row issues, in row order).
 */
@Repository
public class BatchUploadRepository {

    /** One validation problem of a batch: the row (the header is row 1), reference, CSV column and message. */
    public record Problem(int row, String reference, String field, String message) { }

    /** A stored batch: {@code created} false when a batch with the same content existed (returned instead). */
    public record Stored(boolean created, Batch batch) { }

    private static final int MAX_TEXT = 4000;
    private static final int MAX_REFERENCE = 256;

    private final JdbcTemplate jdbc;
    private final BatchRepository batches;
    private final TransactionTemplate tx;

    public BatchUploadRepository(JdbcTemplate jdbc, BatchRepository batches, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.batches = batches;
        this.tx = new TransactionTemplate(transactions);
        this.tx.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /**
     * Records a new batch (status RECEIVED, claimed by {@code owner}) together with its content, in one transaction;
     * when a batch with the same content hash exists (any source), nothing is stored and that batch is returned.
     */
    public Stored create(String id, String source, String name, String hash, String owner, byte[] content) {
        return create(id, source, name, hash, owner, new ByteArrayInputStream(content), content.length);
    }

    /** As {@link #create(String, String, String, String, String, byte[])}, the content streamed from {@code content}. */
    public Stored create(String id, String source, String name, String hash, String owner, InputStream content,
                         long length) {
        Optional<Batch> created = tx.execute(status -> {
            Optional<Batch> batch = batches.create(id, source, name, hash, owner);
            if (batch.isEmpty()) {
                status.setRollbackOnly();
                return batch;
            }
            jdbc.update("insert into batch_contents (batch_id, content) values (?, ?)", ps -> {
                ps.setString(1, id);
                ps.setBinaryStream(2, content, length);
            });
            return batch;
        });
        if (created != null && created.isPresent()) {
            return new Stored(true, created.get());
        }
        Batch existing = batches.findByHash(hash).orElseThrow(() ->
                new IllegalStateException("a batch with hash " + hash + " exists but cannot be read"));
        return new Stored(false, existing);
    }

    public Optional<byte[]> content(String batchId) {
        return jdbc.query("select content from batch_contents where batch_id = ?",
                (rs, n) -> rs.getBytes(1), batchId).stream().findFirst();
    }

    /** The content is no longer needed (the rows are in the ledger, or the batch was rejected). */
    public void deleteContent(String batchId) {
        jdbc.update("delete from batch_contents where batch_id = ?", batchId);
    }

    /** Unfinished batches of a source (received, validating or being handed over) whose owner has shown no sign of
     *  life since {@code staleBefore}: left behind by an instance that stopped. */
    public List<String> abandoned(String source, Instant staleBefore) {
        return jdbc.queryForList("select id from batches where source = ? and status in (?, ?, ?) "
                        + "and (heartbeat_at is null or heartbeat_at < ?) order by created_at", String.class,
                source, BatchRepository.RECEIVED, BatchRepository.VALIDATING, BatchRepository.DISPATCHING,
                at(staleBefore));
    }

    // ---------------------------------------------------------------- validation problems

    public void deleteProblems(String batchId) {
        jdbc.update("delete from batch_problems where batch_id = ?", batchId);
    }

    /** Appends problems after the {@code firstSeq - 1} already stored. */
    public void addProblems(String batchId, int firstSeq, List<Problem> problems) {
        if (problems.isEmpty()) {
            return;
        }
        List<Object[]> rows = new ArrayList<>(problems.size());
        for (int i = 0; i < problems.size(); i++) {
            Problem p = problems.get(i);
            rows.add(new Object[] {batchId, firstSeq + i, p.row(), truncate(p.reference(), MAX_REFERENCE),
                    truncate(p.field(), 64), truncate(p.message(), MAX_TEXT)});
        }
        jdbc.batchUpdate("insert into batch_problems (batch_id, seq, batch_row, reference, field, message) "
                + "values (?, ?, ?, ?, ?, ?)", rows);
    }

    /** The first {@code limit} problems, in the order they were found. */
    public List<Problem> problems(String batchId, int limit) {
        return jdbc.query("select batch_row, reference, field, message from batch_problems where batch_id = ? "
                        + "order by batch_id, seq fetch first " + limit + " rows only",
                (rs, n) -> new Problem(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4)), batchId);
    }

    public long problemCount(String batchId) {
        Long count = jdbc.queryForObject("select count(*) from batch_problems where batch_id = ?", Long.class,
                batchId);
        return count == null ? 0 : count;
    }

    // ---------------------------------------------------------------- results

    /**
     * At most {@code limit} result rows after row {@code afterRow}, in row order: the batch's ledger payments and its
     * row issues (DUPLICATE, INVALID) merged.
     */
    public List<ResultRow> resultPage(String batchId, int afterRow, int limit) {
        List<ResultRow> rows = new ArrayList<>(jdbc.query("select batch_row, reference, status, kotani_id, amount, "
                + "currency, fee, completed_at, last_error_code, last_error from payments where batch_id = ? "
                + "and batch_row > ? order by batch_id, batch_row fetch first " + limit + " rows only",
                (rs, n) -> new ResultRow(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getBigDecimal(5), rs.getString(6), rs.getBigDecimal(7), instant(rs, "completed_at"),
                        rs.getString(9), rs.getString(10)), batchId, afterRow));
        rows.addAll(jdbc.query("select batch_row, reference, status, amount, currency, error_code, error_message "
                + "from batch_row_issues where batch_id = ? and batch_row > ? order by batch_id, batch_row fetch first "
                + limit + " rows only", (rs, n) -> new ResultRow(rs.getInt(1), rs.getString(2), rs.getString(3), null,
                rs.getBigDecimal(4), rs.getString(5), null, null, rs.getString(6), rs.getString(7)), batchId, afterRow));
        rows.sort((a, b) -> Integer.compare(a.row(), b.row()));
        return rows.size() > limit ? new ArrayList<>(rows.subList(0, limit)) : rows;
    }

    private static OffsetDateTime at(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static String truncate(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }
}

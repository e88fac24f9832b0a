package io.kotanihub.ops.console.bridge;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.kotanihub.common.logging.LogMasker;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Crypto-bridge transfers read from the bridge flow's own tables ({@code bridge_transfers}, its status history and
 * its settlement/refund reports to Kotani). Where those tables are not there (a build or database without the
 * bridge) it says so, and the page shows a notice. Requests, refund configurations and report bodies are not shown.
 */
@Component
public class JdbcBridgeTransfers implements BridgeTransfers {

    private static final String COLUMNS = "id, provider_reference_id, kotani_reference_id, status, create_state, amount, "
            + "source_currency, chain, token, refund_state, refund_target, failure_stage, failure_reason, "
            + "failure_message, kotani_error, created_at, updated_at";

    private final JdbcTemplate jdbc;
    private volatile Boolean available;

    public JdbcBridgeTransfers(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public boolean available() {
        Boolean known = available;
        if (known == null) {
            try {
                jdbc.queryForObject("select count(*) from bridge_transfers where 1 = 0", Long.class);
                known = true;
            } catch (DataAccessException noSuchTable) {
                known = false;
            }
            available = known;
        }
        return known;
    }

    @Override
    public List<Transfer> recent(int limit) {
        if (!available()) {
            return List.of();
        }
        List<Row> rows = jdbc.query("select " + COLUMNS + " from bridge_transfers order by created_at desc, id desc "
                + "fetch first " + Math.max(1, Math.min(limit, 500)) + " rows only", (rs, i) -> row(rs));
        return rows.stream().map(this::transfer).toList();
    }

    @Override
    public Optional<Transfer> find(String id) {
        if (!available() || id == null || !id.matches("[0-9]{1,18}")) {
            return Optional.empty();
        }
        return jdbc.query("select " + COLUMNS + " from bridge_transfers where id = ?", (rs, i) -> row(rs),
                Long.parseLong(id)).stream().findFirst().map(this::transfer);
    }

    private record Row(long id, String providerReference, String kotaniReference, String status, String createState,
                       String amount, String sourceCurrency, String chain, String token, String refundState,
                       String refundTarget, String failureStage, String failureReason, String failureMessage,
                       String kotaniError, Instant createdAt, Instant updatedAt) { }

    private static Row row(ResultSet rs) throws SQLException {
        return new Row(rs.getLong("id"), rs.getString("provider_reference_id"), rs.getString("kotani_reference_id"),
                rs.getString("status"), rs.getString("create_state"),
                rs.getBigDecimal("amount") == null ? null : rs.getBigDecimal("amount").stripTrailingZeros().toPlainString(),
                rs.getString("source_currency"), rs.getString("chain"), rs.getString("token"),
                rs.getString("refund_state"), rs.getString("refund_target"), rs.getString("failure_stage"),
                rs.getString("failure_reason"), rs.getString("failure_message"), rs.getString("kotani_error"),
                instant(rs, "created_at"), instant(rs, "updated_at"));
    }

    /** The transfer with its stages: the create call, every status reached (and from where), failure, reports. */
    private Transfer transfer(Row r) {
        List<Stage> stages = new ArrayList<>();
        stages.add(new Stage("CREATE", r.createState(), r.createdAt(), LogMasker.mask(r.kotaniError())));
        jdbc.query("select status, source, at from bridge_status_history where transfer_id = ? order by id",
                rs -> { stages.add(new Stage(rs.getString("status"), rs.getString("source"), instant(rs, "at"), null)); },
                r.id());
        if (r.failureStage() != null || r.failureReason() != null) {
            stages.add(new Stage("FAILURE" + (r.failureStage() == null ? "" : " at " + r.failureStage()),
                    r.failureReason(), r.updatedAt(), LogMasker.mask(r.failureMessage())));
        }
        jdbc.query("select status, state, attempts, last_status, created_at, delivered_at from bridge_reports "
                + "where transfer_id = ? order by id", rs -> {
                    Object last = rs.getObject("last_status");
                    Instant delivered = instant(rs, "delivered_at");
                    stages.add(new Stage("REPORT " + rs.getString("status"), rs.getString("state"),
                            delivered == null ? instant(rs, "created_at") : delivered,
                            rs.getInt("attempts") + " attempt(s)" + (last == null ? "" : ", last answer HTTP " + last)));
                }, r.id());
        String refund = r.refundState() == null ? null
                : r.refundState() + (r.refundTarget() == null ? "" : " (" + r.refundTarget() + ")");
        return new Transfer(Long.toString(r.id()), r.providerReference(),
                r.status() == null ? "CREATE_" + r.createState() : r.status(), r.amount(), r.sourceCurrency(), null,
                r.token() + " on " + r.chain(), refund, r.createdAt(), r.updatedAt(), stages);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}

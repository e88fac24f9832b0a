package io.kotanihub.events;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The payment status-change events of the ledger's history, for the endpoints that read the event log (the Kafka
 * events topic and the ERP outbox among them); each carries its unique {@code eventId} (the history id).
 */
@Component
public class PaymentEventFeed {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() { };

    private static final String EVENTS = """
            select h.id, h.status, h.kotani_status, h.detail, h.at,
                   (select h2.status from payment_status_history h2 where h2.payment_id = h.payment_id and h2.id < h.id
                     order by h2.id desc fetch first 1 rows only) as previous_status,
                   p.reference, p.kotani_id, p.type, p.method, p.amount, p.currency, p.fee, p.transaction_amount,
                   p.last_error_code, p.last_error, p.batch_id, p.source, p.command_json, p.created_at, p.completed_at
              from payment_status_history h join payments p on p.id = h.payment_id
            """;

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    public PaymentEventFeed(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** The events of these history ids (those that still exist), by id: for the endpoints that read the event log. */
    public Map<Long, PaymentEvent> events(Collection<Long> historyIds) {
        Map<Long, PaymentEvent> events = new HashMap<>();
        if (historyIds.isEmpty()) {
            return events;
        }
        String in = String.join(", ", Collections.nCopies(historyIds.size(), "?"));
        jdbc.query(EVENTS + " where h.id in (" + in + ")", rs -> {
            PaymentEvent event = map(rs);
            events.put(event.eventId(), event);
        }, historyIds.toArray());
        return events;
    }

    private PaymentEvent map(ResultSet rs) throws SQLException {
        String commandJson = rs.getString("command_json");
        return new PaymentEvent(rs.getLong("id"), rs.getString("reference"), rs.getString("status"),
                rs.getString("previous_status"), rs.getString("kotani_status"), rs.getString("kotani_id"),
                rs.getString("type"), rs.getString("method"), plain(rs.getBigDecimal("amount")),
                rs.getString("currency"), plain(rs.getBigDecimal("fee")), plain(rs.getBigDecimal("transaction_amount")),
                rs.getString("last_error_code"), rs.getString("last_error"), rs.getString("batch_id"),
                rs.getString("source"), rs.getString("detail"), instant(rs, "at"), instant(rs, "created_at"),
                instant(rs, "completed_at"), metadata(commandJson), callbackUrl(commandJson));
    }

    private Map<String, Object> metadata(String commandJson) {
        try {
            JsonNode metadata = json.readTree(commandJson).get("metadata");
            return metadata == null || metadata.isNull() ? Map.of() : json.convertValue(metadata, MAP);
        } catch (Exception e) {
            return Map.of();
        }
    }

    private String callbackUrl(String commandJson) {
        try {
            JsonNode url = json.readTree(commandJson).get("callbackUrl");
            return url == null || url.isNull() ? null : url.asText();
        } catch (Exception e) {
            return null;
        }
    }

    private static String plain(BigDecimal value) {
        return value == null ? null : value.stripTrailingZeros().toPlainString();
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}

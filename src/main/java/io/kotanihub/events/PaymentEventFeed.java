package io.kotanihub.events;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Reads payment status-change events from the ledger's history and marks them handed over, per channel. {@link #publishPending}
 * holds the publisher's row lock for the whole batch, so one hub instance publishes at a time and a row is marked
 * only after its event was handed over successfully: a crash before the commit republishes (at least once, each event
 * carrying its unique {@code eventId}); nothing is lost.
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
    private static final String PENDING = EVENTS + """
             where h.%1$s is null
             order by h.%1$s, h.id
             fetch first %2$d rows only
            """;

    /** A consumer of the event feed: each has its own lock row and its own "handed over" column. */
    public enum Channel {
        /** Written into the ERP delivery outbox. */
        ERP("erp-webhooks", "erp_enqueued_at");

        private final String lock;
        private final String column;

        Channel(String lock, String column) {
            this.lock = lock;
            this.column = column;
        }
    }

    private final JdbcTemplate jdbc;
    private final Map<Channel, PublisherLock> locks = new EnumMap<>(Channel.class);
    private final ObjectMapper json;

    public PaymentEventFeed(JdbcTemplate jdbc, PlatformTransactionManager transactions, ObjectMapper json) {
        this.jdbc = jdbc;
        TransactionTemplate tx = new TransactionTemplate(transactions);
        for (Channel channel : Channel.values()) {
            locks.put(channel, new PublisherLock(jdbc, tx, channel.lock));
        }
        this.json = json;
    }

    /**
     * Hands up to {@code limit} events not yet handed to {@code channel}, oldest first, to {@code publisher} (in
     * the feed's transaction: a publisher that writes to the same database commits with the mark); returns how many.
     */
    public int publishPending(Channel channel, int limit, Consumer<PaymentEvent> publisher) {
        return locks.get(channel).handOver(() -> jdbc.query(PENDING.formatted(channel.column, limit), (rs, i) -> map(rs)),
                publisher, "update payment_status_history set " + channel.column + " = ? where id = ?",
                PaymentEvent::eventId);
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

package io.kotanihub.events;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The messages of the stored Kotani webhooks that are events of their own (the applier forwarded or recorded them
 * instead of applying them to a payment), for the endpoints that read the event log (the Kafka events topic among
 * them); each message carries its unique {@code kotaniEventId}.
 */
@Component
public class KotaniEventFeed {

    /** One Kotani event ready for Kafka: its key and its message ({@link KotaniEventMessage}). */
    public record Message(long kotaniEventId, String key, Map<String, Object> body) {
    }

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    public KotaniEventFeed(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** The messages of these stored Kotani events (those that still exist), by id: for the endpoints that read the event log. */
    public Map<Long, Message> messages(Collection<Long> ids) {
        Map<Long, Message> messages = new HashMap<>();
        if (ids.isEmpty()) {
            return messages;
        }
        String in = String.join(", ", Collections.nCopies(ids.size(), "?"));
        jdbc.query("select id, event_name, reference, raw_body, received_at from kotani_webhook_events where id in ("
                + in + ")", rs -> {
            Message message = map(rs);
            messages.put(message.kotaniEventId(), message);
        }, ids.toArray());
        return messages;
    }

    private Message map(ResultSet rs) throws SQLException {
        long id = rs.getLong("id");
        String eventName = rs.getString("event_name");
        String reference = rs.getString("reference");
        OffsetDateTime received = rs.getObject("received_at", OffsetDateTime.class);
        Instant receivedAt = received == null ? null : received.toInstant();
        return new Message(id, KotaniEventMessage.orderingKey(reference, eventName),
                KotaniEventMessage.body(id, eventName, reference, receivedAt, data(rs.getString("raw_body"))));
    }

    /** Kotani's {@code data} member as received; a body that no longer parses is carried whole, as text. */
    private JsonNode data(String rawBody) {
        try {
            JsonNode body = json.readTree(rawBody);
            return body.has("data") ? body.get("data") : body;
        } catch (Exception unreadable) {
            return json.getNodeFactory().textNode(rawBody);
        }
    }
}

package io.kotanihub.webhook;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

/**
 * The durable store of received Kotani webhooks ({@code kotani_webhook_events}). A redelivery is recognised by the
 * database itself: the dedupe key (SHA-256 of the canonical string) is unique, so two instances receiving the same
 * webhook at once still store it once.
 *
 * <p>For the step that applies webhooks to payments: {@link #findUnprocessed(int)} lists what waits, oldest first;
 * {@link #markProcessed(long)} marks one applied and tells whether this call was the one that did. The applier takes
 * events with {@link #findDue} and {@link #take} (a lease: an event whose processing dies is due again when the lease
 * runs out), and marks them with {@link #markProcessed(long, String)} only after their effect is committed.
 */
@Repository
public class KotaniWebhookEventStore {

    private static final String COLUMNS = "id, event_name, kind, reference, status, raw_body, signature_verified, "
            + "received_at, processed_at, attempts, outcome";

    private final JdbcTemplate jdbc;
    private final Clock clock;

    @Autowired
    public KotaniWebhookEventStore(JdbcTemplate jdbc) {
        this(jdbc, Clock.systemUTC());
    }

    KotaniWebhookEventStore(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** What {@link #store} did: stored a new row (with its id), or found the same webhook already stored. */
    public record StoreResult(boolean duplicate, long id) {
        static StoreResult stored(long id) { return new StoreResult(false, id); }
        static StoreResult alreadyStored() { return new StoreResult(true, -1); }
    }

    /** A webhook to store. */
    public record NewEvent(String eventName, KotaniEventKind kind, String reference, String status, String rawBody,
            boolean signatureVerified, String dedupeKey) { }

    /**
     * Inserts the webhook in its own committed statement (the caller acknowledges only after this returns), or
     * reports a duplicate when a webhook with the same dedupe key is already stored.
     */
    public StoreResult store(NewEvent event) {
        KeyHolder keys = new GeneratedKeyHolder();
        try {
            jdbc.update(connection -> {
                var insert = connection.prepareStatement("insert into kotani_webhook_events (event_name, kind, "
                        + "reference, status, raw_body, signature_verified, dedupe_key, received_at, event_at) "
                        + "values (?, ?, ?, ?, ?, ?, ?, ?, ?)", new String[] {"id"});
                insert.setString(1, event.eventName());
                insert.setString(2, event.kind().name());
                insert.setString(3, event.reference());
                insert.setString(4, event.status());
                insert.setString(5, event.rawBody());
                insert.setBoolean(6, event.signatureVerified());
                insert.setString(7, event.dedupeKey());
                insert.setObject(8, OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
                Instant eventAt = eventTime(event.rawBody());
                insert.setObject(9, eventAt == null ? null : OffsetDateTime.ofInstant(eventAt, ZoneOffset.UTC));
                return insert;
            }, keys);
        } catch (DuplicateKeyException e) {
            return StoreResult.alreadyStored();
        }
        return StoreResult.stored(keys.getKey().longValue());
    }

    private static final ObjectMapper BODY = new ObjectMapper();

    /**
     * When Kotani says the event happened: the body's own {@code timestamp} (or {@code updated_at} / {@code updatedAt})
     * in {@code data} of a signed envelope or at the top of a direct callback, as ISO-8601 or Unix seconds / millis;
     * null when it has none or it does not parse (the console's webhook lag then counts from receipt).
     */
    static Instant eventTime(String rawBody) {
        try {
            JsonNode body = BODY.readTree(rawBody);
            JsonNode data = body.path("data").isObject() ? body.path("data") : body;
            for (String name : new String[] {"timestamp", "updated_at", "updatedAt"}) {
                JsonNode value = data.path(name);
                if (value.isNumber()) {
                    long n = value.asLong();
                    return n > 100_000_000_000L ? Instant.ofEpochMilli(n) : Instant.ofEpochSecond(n);
                }
                if (value.isTextual() && !value.asText().isBlank()) {
                    try {
                        return OffsetDateTime.parse(value.asText()).toInstant();
                    } catch (DateTimeParseException notIso) {
                        // the next name
                    }
                }
            }
        } catch (JsonProcessingException | RuntimeException unreadable) {
            // stored as received; no event time
        }
        return null;
    }

    /** Webhooks not yet applied, oldest first. */
    public List<KotaniWebhookEvent> findUnprocessed(int limit) {
        return jdbc.query("select " + COLUMNS + " from kotani_webhook_events where processed_at is null "
                + "order by id fetch first ? rows only", KotaniWebhookEventStore::row, limit);
    }

    /** Every stored webhook about one reference, in the order received. */
    public List<KotaniWebhookEvent> findByReference(String reference) {
        return jdbc.query("select " + COLUMNS + " from kotani_webhook_events where reference = ? order by id",
                KotaniWebhookEventStore::row, reference);
    }

    public Optional<KotaniWebhookEvent> findById(long id) {
        return jdbc.query("select " + COLUMNS + " from kotani_webhook_events where id = ?",
                KotaniWebhookEventStore::row, id).stream().findFirst();
    }

    /** Unprocessed webhooks that no applier holds (never taken, or their lease ran out), oldest first. */
    public List<KotaniWebhookEvent> findDue(Instant now, int limit) {
        return jdbc.query("select " + COLUMNS + " from kotani_webhook_events where processed_at is null "
                + "and (next_attempt_at is null or next_attempt_at <= ?) order by id fetch first ? rows only",
                KotaniWebhookEventStore::row, OffsetDateTime.ofInstant(now, ZoneOffset.UTC), limit);
    }

    /**
     * Takes a due webhook for one applier until {@code leaseUntil} (counting the attempt). Empty when it is processed
     * or another applier took it first; several instances racing for one event, exactly one gets it.
     */
    public Optional<KotaniWebhookEvent> take(KotaniWebhookEvent event, Instant now, Instant leaseUntil) {
        int taken = jdbc.update("update kotani_webhook_events set next_attempt_at = ?, attempts = attempts + 1 "
                + "where id = ? and processed_at is null and attempts = ? "
                + "and (next_attempt_at is null or next_attempt_at <= ?)",
                OffsetDateTime.ofInstant(leaseUntil, ZoneOffset.UTC), event.id(), event.attempts(),
                OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
        return taken == 1 ? findById(event.id()) : Optional.empty();
    }

    /** Leaves an unprocessed webhook until {@code at} (its subject is not ready for it yet). */
    public void deferTo(long id, Instant at) {
        jdbc.update("update kotani_webhook_events set next_attempt_at = ? where id = ? and processed_at is null",
                OffsetDateTime.ofInstant(at, ZoneOffset.UTC), id);
    }

    /**
     * Marks a webhook applied, with what was done. Returns true if this call marked it, false if it was already
     * marked (or does not exist).
     */
    public boolean markProcessed(long id, String outcome) {
        return jdbc.update("update kotani_webhook_events set processed_at = ?, outcome = ? "
                + "where id = ? and processed_at is null",
                OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC), outcome, id) == 1;
    }

    /**
     * Marks a webhook applied. Returns true if this call marked it, false if it was already marked (or does not
     * exist), so that of several instances racing on one event exactly one learns it won.
     */
    public boolean markProcessed(long id) {
        return jdbc.update("update kotani_webhook_events set processed_at = ? where id = ? and processed_at is null",
                OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC), id) == 1;
    }

    private static KotaniWebhookEvent row(ResultSet rs, int rowNum) throws SQLException {
        return new KotaniWebhookEvent(
                rs.getLong("id"),
                rs.getString("event_name"),
                KotaniEventKind.valueOf(rs.getString("kind")),
                rs.getString("reference"),
                rs.getString("status"),
                rs.getString("raw_body"),
                rs.getBoolean("signature_verified"),
                instant(rs.getObject("received_at", OffsetDateTime.class)),
                instant(rs.getObject("processed_at", OffsetDateTime.class)),
                rs.getInt("attempts"),
                rs.getString("outcome"));
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}

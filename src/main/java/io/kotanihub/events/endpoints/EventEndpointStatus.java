package io.kotanihub.events.endpoints;

import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Where each endpoint of {@code hub.events.endpoints} stands, read from the ledger: its backlog (events not yet
 * delivered to it: log entries after its position, plus changes not yet in the log), its position, its consecutive
 * failures and the last error. Gauges: {@code kotani_hub_events_endpoint_backlog{endpoint}} and
 * {@code kotani_hub_events_endpoint_failures{endpoint}}, {@code endpoint} being the URI with secrets masked.
 */
@Component
public class EventEndpointStatus implements MeterBinder {

    private static final Logger LOG = LoggerFactory.getLogger(EventEndpointStatus.class);
    private static final long REFRESH_MILLIS = 2000;

    private final JdbcTemplate jdbc;
    private final EventEndpoints endpoints;
    private volatile Map<String, Map<String, Object>> last = Map.of();
    private volatile long readAt = Long.MIN_VALUE;

    public EventEndpointStatus(JdbcTemplate jdbc, EventEndpoints endpoints) {
        this.jdbc = jdbc;
        this.endpoints = endpoints;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (EventEndpoints.Endpoint endpoint : endpoints.all()) {
            Gauge.builder("kotani.hub.events.endpoint.backlog", this, s -> s.value(endpoint.name(), "backlog"))
                    .description("Events not yet delivered to an endpoint of hub.events.endpoints")
                    .tag("endpoint", endpoint.name())
                    .register(registry);
            Gauge.builder("kotani.hub.events.endpoint.failures", this, s -> s.value(endpoint.name(), "attempts"))
                    .description("Consecutive failed delivery attempts at an endpoint of hub.events.endpoints (0: healthy)")
                    .tag("endpoint", endpoint.name())
                    .register(registry);
        }
    }

    /** Every configured endpoint: {@code endpoint, backlog, deliveredSeq, attempts, nextAttemptAt, lastError, lastDeliveredAt}. */
    public List<Map<String, Object>> endpoints() {
        return new ArrayList<>(read().values());
    }

    private double value(String endpoint, String field) {
        Map<String, Object> row = current().get(endpoint);
        Object value = row == null ? null : row.get(field);
        return value instanceof Number n ? n.doubleValue() : 0;
    }

    private Map<String, Map<String, Object>> current() {
        long now = System.currentTimeMillis();
        if (readAt != Long.MIN_VALUE && now - readAt < REFRESH_MILLIS) {
            return last;
        }
        synchronized (this) {
            if (readAt == Long.MIN_VALUE || now - readAt >= REFRESH_MILLIS) {
                try {
                    last = read();
                } catch (RuntimeException e) {
                    LOG.debug("event endpoint metrics not refreshed: {}", e.toString());
                }
                readAt = now;
            }
            return last;
        }
    }

    private Map<String, Map<String, Object>> read() {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        if (endpoints.all().isEmpty()) {
            return out;
        }
        Long unlogged = jdbc.queryForObject("select (select count(*) from payment_status_history where event_logged_at is null)"
                + " + (select count(*) from kotani_webhook_events where event_logged_at is null and processed_at is not null "
                + "and outcome in ('FORWARDED', 'RECORDED'))"
                + " + (select count(*) from bridge_events where event_logged_at is null)"
                + " + (select count(*) from invoice_events where event_logged_at is null)", Long.class);
        for (EventEndpoints.Endpoint endpoint : endpoints.all()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("endpoint", endpoint.name());
            List<Map<String, Object>> found = jdbc.queryForList("select delivered_seq, attempts, next_attempt_at, "
                    + "last_error, last_delivered_at from event_endpoints where endpoint = ?", endpoint.name());
            long position = found.isEmpty() ? 0 : ((Number) found.get(0).get("delivered_seq")).longValue();
            Long behind = jdbc.queryForObject("select count(*) from event_log where seq > ?", Long.class, position);
            row.put("backlog", (behind == null ? 0 : behind) + (unlogged == null ? 0 : unlogged));
            row.put("deliveredSeq", position);
            row.put("attempts", found.isEmpty() ? 0 : ((Number) found.get(0).get("attempts")).intValue());
            row.put("nextAttemptAt", found.isEmpty() ? null : instant(found.get(0).get("next_attempt_at")));
            row.put("lastError", found.isEmpty() ? null : found.get(0).get("last_error"));
            row.put("lastDeliveredAt", found.isEmpty() ? null : instant(found.get(0).get("last_delivered_at")));
            out.put(endpoint.name(), row);
        }
        return out;
    }

    private static Object instant(Object value) {
        if (value instanceof OffsetDateTime t) {
            return t.toInstant();
        }
        if (value instanceof Timestamp t) {
            return t.toInstant();
        }
        return value == null ? null : value.toString();
    }
}

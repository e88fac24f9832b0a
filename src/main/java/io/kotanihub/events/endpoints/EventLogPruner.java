package io.kotanihub.events.endpoints;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Deletes the entries of {@code event_log} that every endpoint has passed and that are older than
 * {@code hub.events.retention}, in batches of {@code hub.events.batch-size}, each its own short transaction.
 * <p>
 * "Every endpoint" is every row of {@code event_endpoints}, so that an endpoint configured only on another hub instance
 * sharing the database holds the log for itself too; a row of an endpoint configured on no instance any more (not
 * configured here and not updated for longer than the retention) no longer holds it. Cluster-safe without a lock: each
 * instance deletes only entries no endpoint still needs, and an entry deleted by another instance is simply not found.
 */
@Component
public class EventLogPruner {

    private static final Logger LOG = LoggerFactory.getLogger(EventLogPruner.class);

    private record Position(String endpoint, long deliveredSeq, OffsetDateTime updatedAt) {
    }

    private final JdbcTemplate jdbc;
    private final EventEndpoints endpoints;
    private final EventEndpointsProperties properties;

    public EventLogPruner(JdbcTemplate jdbc, EventEndpoints endpoints, EventEndpointsProperties properties) {
        this.jdbc = jdbc;
        this.endpoints = endpoints;
        this.properties = properties;
    }

    /** Returns how many entries were deleted (0 when no endpoint is known or none has passed an old entry). */
    public int prune() {
        OffsetDateTime cutoff = OffsetDateTime.now(ZoneOffset.UTC).minus(properties.getRetention());
        Set<String> configured = new HashSet<>();
        endpoints.all().forEach(e -> configured.add(e.name()));
        List<Position> positions = jdbc.query("select endpoint, delivered_seq, updated_at from event_endpoints",
                (rs, i) -> new Position(rs.getString(1), rs.getLong(2), rs.getObject(3, OffsetDateTime.class)));
        long passedByAll = positions.stream()
                .filter(p -> configured.contains(p.endpoint()) || !p.updatedAt().isBefore(cutoff))
                .mapToLong(Position::deliveredSeq).min().orElse(0);
        if (passedByAll <= 0) {
            return 0;
        }
        int total = 0;
        int deleted;
        do {
            deleted = jdbc.update("delete from event_log where seq in (select seq from event_log where seq <= ? "
                    + "and logged_at < ? order by seq fetch first " + properties.getBatchSize() + " rows only)",
                    passedByAll, cutoff);
            total += deleted;
        } while (deleted > 0);
        if (total > 0) {
            LOG.info("event log: {} entries delivered to every endpoint and older than {} deleted", total,
                    properties.getRetention());
        }
        return total;
    }
}

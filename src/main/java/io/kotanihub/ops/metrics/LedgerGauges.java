package io.kotanihub.ops.metrics;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

import io.kotanihub.model.PaymentStatus;
import io.kotanihub.model.PaymentType;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Gauges read from the ledger (the single source of truth) with a few cheap grouped queries, reused for
 * {@code hub.metrics.ledger-refresh} so that frequent scrapes cost nothing:
 * <ul>
 *   <li>{@code kotani_hub_payments{type,status}}: payments in the ledger by type and status (every combination is
 *       present, 0 when there is none);</li>
 *   <li>{@code kotani_hub_outbox_backlog}, {@code kotani_hub_outbox_dead},
 *       {@code kotani_hub_outbox_oldest_pending_age_seconds} and {@code kotani_hub_outbox_deliveries{state}}: ERP
 *       webhook deliveries waiting, dead (retries exhausted, replayable), the age of the oldest waiting one;</li>
 *   <li>{@code kotani_hub_batches{status}}: batches by status; {@code kotani_hub_batch_open_rows{state}}: rows of the
 *       batches not yet completed, {@code final} or {@code pending}.</li>
 * </ul>
 * When the database cannot be read the last counts are kept (readiness reports the database).
 */
@Component
public class LedgerGauges implements MeterBinder {

    private static final Logger LOG = LoggerFactory.getLogger(LedgerGauges.class);
    private static final List<String> DELIVERY_STATES = List.of("PENDING", "DELIVERED", "DEAD");
    private static final List<String> BATCH_STATUSES = List.of("RECEIVED", "VALIDATING", "REJECTED", "DISPATCHING",
            "DISPATCHED", "COMPLETED");
    private static final String TERMINAL = Arrays.stream(PaymentStatus.values()).filter(PaymentStatus::isTerminal)
            .map(s -> "'" + s.name() + "'").collect(Collectors.joining(", "));

    /** One reading of the ledger. */
    record Snapshot(Map<String, Long> payments, Map<String, Long> deliveries, Instant oldestPending,
                    Map<String, Long> batches, Map<String, Long> openRows, long readAtMillis) {
        static final Snapshot EMPTY = new Snapshot(Map.of(), Map.of(), null, Map.of(), Map.of(), Long.MIN_VALUE);
    }

    private final JdbcTemplate jdbc;
    private final long refreshMillis;
    private final LongSupplier clock;
    private volatile Snapshot snapshot = Snapshot.EMPTY;

    @Autowired
    public LedgerGauges(JdbcTemplate jdbc, MetricsProperties properties) {
        this(jdbc, properties.getLedgerRefresh(), System::currentTimeMillis);
    }

    LedgerGauges(JdbcTemplate jdbc, Duration refresh, LongSupplier clock) {
        this.jdbc = jdbc;
        this.refreshMillis = refresh.toMillis();
        this.clock = clock;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (PaymentType type : PaymentType.values()) {
            for (PaymentStatus status : PaymentStatus.values()) {
                String key = type.name() + "|" + status.name();
                Gauge.builder("kotani.hub.payments", this, g -> g.current().payments().getOrDefault(key, 0L))
                        .description("Payments in the ledger by type and status")
                        .tag("type", type.name()).tag("status", status.name())
                        .register(registry);
            }
        }
        Gauge.builder("kotani.hub.outbox.backlog", this, g -> g.current().deliveries().getOrDefault("PENDING", 0L))
                .description("ERP webhook deliveries waiting to be delivered (pending, retrying)")
                .register(registry);
        Gauge.builder("kotani.hub.outbox.dead", this, g -> g.current().deliveries().getOrDefault("DEAD", 0L))
                .description("ERP webhook deliveries that exhausted their retries (replayable)")
                .register(registry);
        Gauge.builder("kotani.hub.outbox.oldest.pending.age", this, LedgerGauges::oldestPendingAgeSeconds)
                .description("Age of the oldest ERP webhook delivery still waiting (0 when none)")
                .baseUnit("seconds")
                .register(registry);
        for (String state : DELIVERY_STATES) {
            Gauge.builder("kotani.hub.outbox.deliveries", this, g -> g.current().deliveries().getOrDefault(state, 0L))
                    .description("ERP webhook deliveries by state")
                    .tag("state", state)
                    .register(registry);
        }
        for (String status : BATCH_STATUSES) {
            Gauge.builder("kotani.hub.batches", this, g -> g.current().batches().getOrDefault(status, 0L))
                    .description("Batches (file drop and REST) by status")
                    .tag("status", status)
                    .register(registry);
        }
        for (String state : List.of("final", "pending")) {
            Gauge.builder("kotani.hub.batch.open.rows", this, g -> g.current().openRows().getOrDefault(state, 0L))
                    .description("Payments of the batches not yet completed: final or still pending")
                    .tag("state", state)
                    .register(registry);
        }
    }

    private double oldestPendingAgeSeconds() {
        Instant oldest = current().oldestPending();
        return oldest == null ? 0 : Math.max(0, (clock.getAsLong() - oldest.toEpochMilli()) / 1000.0);
    }

    /** The last reading, read again when it is older than the refresh interval. */
    Snapshot current() {
        Snapshot last = snapshot;
        long now = clock.getAsLong();
        if (last.readAtMillis() != Long.MIN_VALUE && now - last.readAtMillis() < refreshMillis) {
            return last;
        }
        synchronized (this) {
            last = snapshot;
            if (last.readAtMillis() != Long.MIN_VALUE && now - last.readAtMillis() < refreshMillis) {
                return last;
            }
            try {
                snapshot = read(now);
            } catch (RuntimeException e) {
                LOG.debug("ledger metrics not refreshed: {}", e.toString());
                snapshot = new Snapshot(last.payments(), last.deliveries(), last.oldestPending(), last.batches(),
                        last.openRows(), now);
            }
            return snapshot;
        }
    }

    private Snapshot read(long now) {
        Map<String, Long> payments = new HashMap<>();
        jdbc.query("select type, status, count(*) from payments group by type, status",
                rs -> { payments.put(rs.getString(1) + "|" + rs.getString(2), rs.getLong(3)); });
        Map<String, Long> deliveries = new HashMap<>();
        Instant[] oldest = {null};
        jdbc.query("select state, count(*), min(created_at) from erp_deliveries group by state", rs -> {
            deliveries.put(rs.getString(1), rs.getLong(2));
            if ("PENDING".equals(rs.getString(1))) {
                OffsetDateTime created = rs.getObject(3, OffsetDateTime.class);
                oldest[0] = created == null ? null : created.toInstant();
            }
        });
        Map<String, Long> batches = new HashMap<>();
        jdbc.query("select status, count(*) from batches group by status",
                rs -> { batches.put(rs.getString(1), rs.getLong(2)); });
        Map<String, Long> openRows = new HashMap<>();
        jdbc.query("select state, count(*) from (select case when p.status in (" + TERMINAL + ") then 'final' "
                + "else 'pending' end as state from payments p join batches b on b.id = p.batch_id "
                + "where b.status not in ('COMPLETED', 'REJECTED')) rows_of_open_batches group by state",
                rs -> { openRows.put(rs.getString(1), rs.getLong(2)); });
        return new Snapshot(payments, deliveries, oldest[0], batches, openRows, now);
    }
}

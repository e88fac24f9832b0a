package io.kotanihub.events.endpoints;

import java.time.OffsetDateTime;
import java.util.List;

import io.kotanihub.events.LedgerEvent;
import io.kotanihub.events.PublisherLock;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Appends every payment status change, every Kotani event that is not one (forwarded or recorded), every crypto-bridge
 * event ({@code bridge_events}) and every receivables event ({@code invoice_events}) to {@code event_log}, once,
 * oldest first (each kind in the order of its rows' ids, which per reference is the order of the changes), under the
 * publisher lock {@value #LOCK}: entries therefore become visible in the order of their {@code seq}, and an endpoint's
 * position (the last {@code seq} it delivered) never skips one.
 * Nothing is appended while no endpoint reads the log (none configured, Kafka off).
 */
@Component
public class EventLog {

    static final String LOCK = "event-log";
    static final String PAYMENT = "PAYMENT";
    static final String KOTANI = "KOTANI";
    static final String BRIDGE = LedgerEvent.BRIDGE;
    static final String INVOICE = LedgerEvent.INVOICE;

    /** A stored Kotani webhook once the applier is done with it; only those it did not apply are events of their own. */
    private record KotaniRow(long id, boolean event) {
    }

    private final JdbcTemplate jdbc;
    private final EventEndpointsProperties properties;
    private final EventEndpoints endpoints;
    private final PublisherLock payments;
    private final PublisherLock kotani;
    private final PublisherLock bridge;
    private final PublisherLock invoices;

    public EventLog(JdbcTemplate jdbc, PlatformTransactionManager transactions, EventEndpointsProperties properties,
                    EventEndpoints endpoints) {
        this.jdbc = jdbc;
        this.properties = properties;
        this.endpoints = endpoints;
        TransactionTemplate tx = new TransactionTemplate(transactions);
        this.payments = new PublisherLock(jdbc, tx, LOCK);
        this.kotani = new PublisherLock(jdbc, tx, LOCK);
        this.bridge = new PublisherLock(jdbc, tx, LOCK);
        this.invoices = new PublisherLock(jdbc, tx, LOCK);
    }

    /** Appends up to a batch of each kind; returns how many source rows were taken (0: nothing pending). */
    public int append() {
        if (endpoints.all().isEmpty()) {
            return 0;
        }
        int limit = properties.getBatchSize();
        int changes = payments.handOver(() -> jdbc.queryForList("select id from payment_status_history "
                        + "where event_logged_at is null order by event_logged_at, id fetch first " + limit + " rows only",
                        Long.class),
                id -> insert(PAYMENT, id),
                "update payment_status_history set event_logged_at = ? where id = ?", id -> id);
        int events = kotani.handOver(() -> jdbc.query("select id, outcome from kotani_webhook_events "
                        + "where event_logged_at is null and processed_at is not null order by event_logged_at, id "
                        + "fetch first " + limit + " rows only",
                        (rs, i) -> new KotaniRow(rs.getLong(1), List.of("FORWARDED", "RECORDED").contains(rs.getString(2)))),
                row -> {
                    if (row.event()) {
                        insert(KOTANI, row.id());
                    }
                },
                "update kotani_webhook_events set event_logged_at = ? where id = ?", KotaniRow::id);
        int bridgeEvents = bridge.handOver(() -> pending("bridge_events", limit), id -> insert(BRIDGE, id),
                "update bridge_events set event_logged_at = ? where id = ?", id -> id);
        int invoiceEvents = invoices.handOver(() -> pending("invoice_events", limit), id -> insert(INVOICE, id),
                "update invoice_events set event_logged_at = ? where id = ?", id -> id);
        return changes + events + bridgeEvents + invoiceEvents;
    }

    private List<Long> pending(String table, int limit) {
        return jdbc.queryForList("select id from " + table + " where event_logged_at is null "
                + "order by event_logged_at, id fetch first " + limit + " rows only", Long.class);
    }

    private void insert(String kind, long sourceId) {
        jdbc.update("insert into event_log (kind, source_id, logged_at) values (?, ?, ?)", kind, sourceId,
                OffsetDateTime.now());
    }
}

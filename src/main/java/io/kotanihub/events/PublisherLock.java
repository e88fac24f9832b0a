package io.kotanihub.events;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The hand-over every event feed shares: in one transaction, take the feed's row in {@code event_publishers} for
 * update (one hub instance publishes at a time), read the pending events, hand each to the publisher, then mark
 * them handed over. A publisher that throws rolls the marks back, so an event is handed over at least once and never
 * lost.
 */
public final class PublisherLock {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final String name;

    public PublisherLock(JdbcTemplate jdbc, TransactionTemplate tx, String name) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.name = name;
    }

    /**
     * @param pending  reads the events to hand over, oldest first (under the lock)
     * @param markSql  {@code update … set <handed-over column> = ? where id = ?}
     * @param id       the id {@code markSql} marks an event by
     * @return how many events were handed over
     */
    public <T> int handOver(Supplier<List<T>> pending, Consumer<T> publisher, String markSql, ToLongFunction<T> id) {
        Integer handed = tx.execute(status -> {
            jdbc.queryForObject("select name from event_publishers where name = ? for update", String.class, name);
            List<T> events = pending.get();
            events.forEach(publisher);
            if (!events.isEmpty()) {
                OffsetDateTime now = OffsetDateTime.now();
                jdbc.batchUpdate(markSql, events.stream().map(e -> new Object[] {now, id.applyAsLong(e)}).toList());
                jdbc.update("update event_publishers set updated_at = ? where name = ?", now, name);
            }
            return events.size();
        });
        return handed == null ? 0 : handed;
    }
}

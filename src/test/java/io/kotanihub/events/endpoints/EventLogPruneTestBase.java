package io.kotanihub.events.endpoints;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;

import io.kotanihub.support.HubLedgerTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The event log keeps what some endpoint still needs or what is younger than {@code hub.events.retention} (7 days by
 * default), and loses the rest, also when two hub instances prune at the same moment (two threads, two connections).
 */
@HubLedgerTest
abstract class EventLogPruneTestBase {

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    EventLogPruner pruner;

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final List<String> endpointRows = new ArrayList<>();
    private final List<Long> seqs = new ArrayList<>();

    @AfterEach
    void forget() {
        endpointRows.forEach(e -> jdbc.update("delete from event_endpoints where endpoint = ?", e));
        seqs.forEach(s -> jdbc.update("delete from event_log where seq = ?", s));
    }

    private long append(OffsetDateTime loggedAt) {
        long sourceId = ThreadLocalRandom.current().nextLong(1_000_000_000L, Long.MAX_VALUE);
        jdbc.update("insert into event_log (kind, source_id, logged_at) values ('PRUNE-TEST', ?, ?)", sourceId,
                loggedAt);
        long seq = jdbc.queryForObject("select seq from event_log where kind = 'PRUNE-TEST' and source_id = ?",
                Long.class, sourceId);
        seqs.add(seq);
        return seq;
    }

    private void position(String endpoint, long deliveredSeq, OffsetDateTime updatedAt) {
        if (!endpointRows.contains(endpoint)) {
            endpointRows.add(endpoint);
            jdbc.update("insert into event_endpoints (endpoint, delivered_seq, attempts, updated_at) values (?, ?, 0, ?)",
                    endpoint, deliveredSeq, updatedAt);
        } else {
            jdbc.update("update event_endpoints set delivered_seq = ?, updated_at = ? where endpoint = ?", deliveredSeq,
                    updatedAt, endpoint);
        }
    }

    private List<Long> kept() {
        return seqs.stream().filter(s -> jdbc.queryForObject("select count(*) from event_log where seq = ?",
                Integer.class, s) == 1).toList();
    }

    @Test
    void entriesEveryEndpointPassedAndOlderThanTheRetentionAreDeletedOnceEvenByTwoInstancesAtOnce() throws Exception {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        OffsetDateTime old = now.minusDays(10);
        List<Long> log = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            log.add(append(old));
        }
        log.add(append(now.minusHours(1)));
        log.add(append(now));
        String fast = "file:prune-test/" + run + "/fast";
        String slow = "file:prune-test/" + run + "/slow";
        position(fast, log.get(6), now);
        position(slow, log.get(2), now);
        // an endpoint configured nowhere any more: not updated for longer than the retention, it holds nothing back
        position("file:prune-test/" + run + "/removed", 0, now.minusDays(30));

        assertThat(pruner.prune()).isGreaterThanOrEqualTo(3);
        assertThat(kept()).as("what the slow endpoint has not passed, and what is recent").isEqualTo(log.subList(3, 7));

        // the slow endpoint catches up: the old entries go, the recent ones stay; two instances prune at once
        position(slow, log.get(6), now);
        ExecutorService two = Executors.newFixedThreadPool(2);
        try {
            CompletableFuture<Integer> a = CompletableFuture.supplyAsync(pruner::prune, two);
            CompletableFuture<Integer> b = CompletableFuture.supplyAsync(pruner::prune, two);
            assertThat(a.get() + b.get()).as("each entry deleted once").isGreaterThanOrEqualTo(2);
        } finally {
            two.shutdown();
        }
        assertThat(kept()).as("entries younger than the retention stay").isEqualTo(log.subList(5, 7));

        // an endpoint that is still there (updated recently) at the beginning of the log holds everything
        long older = append(old);
        position("file:prune-test/" + run + "/new", 0, now);
        pruner.prune();
        assertThat(kept()).contains(older);
    }
}

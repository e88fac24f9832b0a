package io.kotanihub.kotani;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;
import com.zaxxer.hikari.HikariDataSource;
import io.kotanihub.sandbox.ramps.TestSandbox;
import io.kotanihub.support.PostgresAvailable;
import io.kotanihub.support.PostgresServer;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two hub instances on one PostgreSQL database share one Kotani budget: two throttles, each with its own connection
 * pool and Bucket4j proxy manager on the same database (as two processes have), call the in-process sandbox with
 * its default limits (§2.3) for 12 s from three workers each. Alone, each would make the read tier's burst limit
 * (20 per 5 s) at its own pace, together twice over; sharing the budget they stay within one key's limit: no 429,
 * no sliding window fuller than the limit, both instances served, and the pace close to what one key allows.
 */
@ExtendWith(PostgresAvailable.class)
class KotaniSharedBudgetPostgresTest {

    private static final KotaniEndpoint ENDPOINT = KotaniEndpoint.FIAT_WALLETS;
    private static final Duration RUN = Duration.ofSeconds(12);

    private static HikariDataSource first;
    private static HikariDataSource second;
    private static TestSandbox sandbox;

    private record Call(int instance, long atNanos, int status) { }

    @BeforeAll
    static void startDatabaseAndSandbox() {
        String url = PostgresServer.createDatabase();
        Flyway.configure().dataSource(url, PostgresServer.USER, PostgresServer.PASSWORD)
                .locations("classpath:db/migration", "classpath:db/vendor/postgresql").load().migrate();
        first = pool(url);
        second = pool(url);
        sandbox = TestSandbox.start(props -> props.getRateLimits().setEnabled(true));
        // the sandbox's first request starts its web layer: not a rate-limited call, so that none arrives that late
        assertThat(sandbox.getWithoutKey("/sandbox/rate-limits").status()).isEqualTo(200);
    }

    private static HikariDataSource pool(String url) {
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(url);
        dataSource.setUsername(PostgresServer.USER);
        dataSource.setPassword(PostgresServer.PASSWORD);
        dataSource.setMaximumPoolSize(4);
        return dataSource;
    }

    @AfterAll
    static void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
        if (first != null) {
            first.close();
        }
        if (second != null) {
            second.close();
        }
    }

    @Test
    void twoInstancesOnOneDatabaseTogetherStayWithinOneKeysLimit() throws Exception {
        KotaniProperties properties = new KotaniProperties();
        List<KotaniThrottle> instances = List.of(
                new KotaniThrottle(properties, new PostgresBudgetStore(first)),
                new KotaniThrottle(properties, new PostgresBudgetStore(second)));
        List<Call> calls = Collections.synchronizedList(new ArrayList<>());
        long started = System.nanoTime();
        long end = started + RUN.toNanos();
        ExecutorService workers = Executors.newFixedThreadPool(6);
        List<Future<?>> running = new ArrayList<>();
        for (int worker = 0; worker < 6; worker++) {
            int instance = worker % 2;
            running.add(workers.submit(() -> {
                while (System.nanoTime() < end) {
                    KotaniThrottle.Permit permit = instances.get(instance).acquire(ENDPOINT);
                    if (permit.granted()) {
                        long at = System.nanoTime();
                        calls.add(new Call(instance, at, sandbox.get("/api/v3/wallet/fiat").status()));
                    } else {
                        long waitMs = Math.min(Duration.between(Instant.now(), permit.retryAt()).toMillis(),
                                (end - System.nanoTime()) / 1_000_000);
                        Thread.sleep(Math.max(1, waitMs));
                    }
                }
                return null;
            }));
        }
        for (Future<?> future : running) {
            future.get();
        }
        workers.shutdown();

        KotaniProperties.Tier read = properties.getThrottle().getRead();
        Duration spacing = read.spacing(properties.getThrottle().getJitterAllowance(), KotaniThrottle.TOKENS);
        List<Long> times = calls.stream().map(Call::atNanos).sorted().toList();
        long span = times.get(times.size() - 1) - times.get(0);
        long oneBudget = KotaniThrottle.TOKENS + span / spacing.toNanos();
        assertThat(calls).as("no call refused by the sandbox").allSatisfy(c -> assertThat(c.status()).isEqualTo(200));
        assertThat(calls.stream().filter(c -> c.instance() == 0).count()).as("first instance served").isGreaterThan(5);
        assertThat(calls.stream().filter(c -> c.instance() == 1).count()).as("second instance served").isGreaterThan(5);
        assertThat(calls.size()).as("together at most one budget's calls in %s ms (one per %s ms)", span / 1_000_000,
                        spacing.toMillis())
                .isLessThanOrEqualTo((int) oneBudget + 1)
                .isGreaterThanOrEqualTo((int) (oneBudget * 0.75));
        assertThat(fullestWindow(calls, read.getBurstPeriod())).as("calls sent in any %s", read.getBurstPeriod())
                .isLessThanOrEqualTo(read.getBurst());

        JsonNode limits = sandbox.getWithoutKey("/sandbox/rate-limits").body();
        assertThat(limits.path("refused").asLong()).as("429s counted by the sandbox").isZero();
        JsonNode wallets = null;
        for (JsonNode endpoint : limits.path("endpoints")) {
            if (endpoint.path("endpoint").asText().equals("GET /api/v3/wallet/fiat")) {
                wallets = endpoint;
            }
        }
        assertThat(wallets).isNotNull();
        assertThat(wallets.path("allowed").asInt()).isEqualTo(calls.size());
        assertThat(wallets.path("peakBurst").asInt()).as("the sandbox's fullest burst window")
                .isLessThanOrEqualTo(read.getBurst());
    }

    @Test
    void a429PauseOfOneInstanceHoldsForTheOther() {
        KotaniProperties properties = new KotaniProperties();
        KotaniThrottle one = new KotaniThrottle(properties, new PostgresBudgetStore(first));
        KotaniThrottle other = new KotaniThrottle(properties, new PostgresBudgetStore(second));
        Instant until = Instant.now().plusSeconds(30).truncatedTo(ChronoUnit.MILLIS);
        one.pause(KotaniEndpoint.WITHDRAW_BANK, until);
        one.pause(KotaniEndpoint.WITHDRAW_BANK, Instant.now().plusSeconds(5));
        KotaniThrottle.Permit refused = other.acquire(KotaniEndpoint.WITHDRAW_BANK);
        assertThat(refused.granted()).isFalse();
        assertThat(refused.retryAt()).isEqualTo(until);
        assertThat(other.acquire(KotaniEndpoint.WITHDRAW_TILL).granted()).isTrue();
    }

    private static int fullestWindow(List<Call> calls, Duration window) {
        List<Long> times = calls.stream().map(Call::atNanos).sorted().toList();
        int fullest = 0;
        int oldest = 0;
        for (int i = 0; i < times.size(); i++) {
            while (times.get(i) - times.get(oldest) >= window.toNanos()) {
                oldest++;
            }
            fullest = Math.max(fullest, i - oldest + 1);
        }
        return fullest;
    }
}

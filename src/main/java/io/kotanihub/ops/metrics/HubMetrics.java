package io.kotanihub.ops.metrics;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The hub's event metrics, recorded where things happen (the ledger's counts are {@link LedgerGauges}). Micrometer
 * names map to Prometheus names at {@code /actuator/prometheus}:
 * <ul>
 *   <li>{@code kotani_hub_kotani_calls_seconds{endpoint,outcome}}: every Kotani call's latency (count, sum, max and
 *       buckets), by endpoint ({@code WITHDRAW_MOBILE_MONEY}, {@code WITHDRAW_STATUS}, ...) and outcome
 *       ({@code ACCEPTED}, {@code REJECTED}, {@code RATE_LIMITED}, {@code UNKNOWN}, {@code NOT_SENT});</li>
 *   <li>{@code kotani_hub_kotani_rate_limited_total{endpoint}}: Kotani's 429 answers;</li>
 *   <li>{@code kotani_hub_throttle_wait_seconds{endpoint,result}}: time spent waiting for a throttle permit, with
 *       {@code result} {@code granted}, {@code denied} (no permit within {@code max-wait}: the work is put off) or
 *       {@code paused} (the endpoint is paused after a 429), recorded by {@code kotani.KotaniThrottle} itself;</li>
 *   <li>{@code kotani_hub_batch_rows_total{stage}} and {@code kotani_hub_batch_rows_per_second{stage}}: batch rows
 *       {@code validated} and {@code handed_over} to the ledger (file drop and REST batches).</li>
 * </ul>
 * A component without a registry (plain unit tests) records into nothing: {@link #NONE}.
 */
@Component
public class HubMetrics {

    /** Records nothing: for code constructed without Spring. */
    public static final HubMetrics NONE = new HubMetrics(new CompositeMeterRegistry(), new MetricsProperties());

    private static final Duration[] CALL_BUCKETS = {Duration.ofMillis(50), Duration.ofMillis(100),
            Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500),
            Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30)};

    private final MeterRegistry registry;
    private final int rateWindowSeconds;
    private final Map<String, Timer> calls = new ConcurrentHashMap<>();
    private final Map<String, Counter> rateLimited = new ConcurrentHashMap<>();
    private final Map<String, Counter> batchRows = new ConcurrentHashMap<>();
    private final Map<String, RateWindow> batchRates = new ConcurrentHashMap<>();

    @Autowired
    public HubMetrics(MeterRegistry registry, MetricsProperties properties) {
        this.registry = registry;
        this.rateWindowSeconds = (int) Math.max(1, properties.getRateWindow().toSeconds());
        for (String stage : new String[] {"validated", "handed_over"}) {
            batchRows(stage);
        }
    }

    /** One Kotani call: its endpoint, classified outcome and duration. A 429 also counts as rate limited. */
    public void kotaniCall(String endpoint, String outcome, long nanos) {
        calls.computeIfAbsent(endpoint + '|' + outcome, k -> Timer.builder("kotani.hub.kotani.calls")
                .description("Kotani API calls by endpoint and outcome")
                .tag("endpoint", endpoint).tag("outcome", outcome)
                .serviceLevelObjectives(CALL_BUCKETS)
                .register(registry)).record(Duration.ofNanos(nanos));
        if ("RATE_LIMITED".equals(outcome)) {
            rateLimited.computeIfAbsent(endpoint, k -> Counter.builder("kotani.hub.kotani.rate.limited")
                    .description("Kotani's 429 answers by endpoint")
                    .tag("endpoint", endpoint)
                    .register(registry)).increment();
        }
    }

    /** {@code n} batch rows went through {@code stage} ({@code validated}, {@code handed_over}). */
    public void batchRows(String stage, long n) {
        if (n <= 0) {
            return;
        }
        batchRows(stage).increment(n);
        batchRates.get(stage).add(n);
    }

    private Counter batchRows(String stage) {
        return batchRows.computeIfAbsent(stage, k -> {
            RateWindow window = new RateWindow(rateWindowSeconds, System::currentTimeMillis);
            batchRates.put(stage, window);
            Gauge.builder("kotani.hub.batch.rows.per.second", window, RateWindow::perSecond)
                    .description("Batch rows per second over the last hub.metrics.rate-window (from the first busy "
                            + "second in it)")
                    .tag("stage", stage)
                    .register(registry);
            return Counter.builder("kotani.hub.batch.rows")
                    .description("Batch rows by stage (file drop and REST batches)")
                    .tag("stage", stage)
                    .register(registry);
        });
    }
}

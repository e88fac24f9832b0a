package io.kotanihub.kotani;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Keeps the hub's calls within Kotani's per-key, per-endpoint limits (REFERENCE §2.3): one resilience4j rate
 * limiter per endpoint, pacing calls evenly at the stricter of the tier's sustained and burst limits so that no
 * window, wherever it falls, holds more calls than Kotani allows (divided among {@code hub.kotani.throttle.instances}). A 429 pauses the endpoint until its {@code retryAfter} has passed, so
 * that other work does not run into the same wall. A worker waits at most {@code max-wait} for a permit; when it
 * gets none it is told when to try again, and leaves the payment in the ledger until then. Off with
 * {@code hub.kotani.throttle.enabled=false}.
 */
@Component
public class KotaniThrottle {

    /** Whether a call may go now; when not, {@code retryAt} is when it is worth trying again. */
    public record Permit(boolean granted, Instant retryAt) {
        static final Permit GRANTED = new Permit(true, null);
    }

    private final KotaniProperties.Throttle properties;
    private final Map<KotaniEndpoint, RateLimiter> limiters = new ConcurrentHashMap<>();
    private final Map<KotaniEndpoint, Instant> pausedUntil = new ConcurrentHashMap<>();
    private final Map<String, Timer> waits = new ConcurrentHashMap<>();
    private MeterRegistry registry;

    public KotaniThrottle(KotaniProperties properties) {
        this.properties = properties.getThrottle();
    }

    /** Time spent here goes to {@code kotani_hub_throttle_wait_seconds{endpoint,result}}; without a registry, nowhere. */
    @Autowired(required = false)
    public void setMeterRegistry(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Takes a permit for one call to {@code endpoint}, waiting at most {@code max-wait}. */
    public Permit acquire(KotaniEndpoint endpoint) {
        long started = System.nanoTime();
        Permit permit = permit(endpoint);
        recordWait(endpoint.name(), permit.granted() ? "granted"
                : permit.retryAt() != null && permit.retryAt().equals(pausedUntil.get(endpoint)) ? "paused" : "denied",
                System.nanoTime() - started);
        return permit;
    }

    private void recordWait(String endpoint, String result, long nanos) {
        if (registry == null) {
            return;
        }
        waits.computeIfAbsent(endpoint + '|' + result, k -> Timer.builder("kotani.hub.throttle.wait")
                .description("Time spent waiting for a Kotani throttle permit")
                .tag("endpoint", endpoint).tag("result", result)
                .register(registry)).record(Duration.ofNanos(nanos));
    }

    private Permit permit(KotaniEndpoint endpoint) {
        Instant paused = pausedUntil.get(endpoint);
        if (paused != null && Instant.now().isBefore(paused)) {
            return new Permit(false, paused);
        }
        if (!properties.isEnabled()) {
            return Permit.GRANTED;
        }
        RateLimiter limiter = limiters.computeIfAbsent(endpoint, this::limiter);
        if (limiter.acquirePermission()) {
            return Permit.GRANTED;
        }
        return new Permit(false, Instant.now().plus(spacing(endpoint)));
    }

    /** Kotani answered 429 on {@code endpoint}: no call to it before {@code until}. */
    public void pause(KotaniEndpoint endpoint, Instant until) {
        pausedUntil.merge(endpoint, until, (a, b) -> a.isAfter(b) ? a : b);
    }

    private RateLimiter limiter(KotaniEndpoint endpoint) {
        return RateLimiter.of("kotani-" + endpoint.name(), RateLimiterConfig.custom()
                .limitForPeriod(1)
                .limitRefreshPeriod(spacing(endpoint))
                .timeoutDuration(properties.getMaxWait())
                .build());
    }

    private Duration spacing(KotaniEndpoint endpoint) {
        KotaniProperties.Tier tier = endpoint.tier() == KotaniEndpoint.Tier.READ
                ? properties.getRead() : properties.getGeneral();
        return tier.spacing().multipliedBy(Math.max(1, properties.getInstances()));
    }
}

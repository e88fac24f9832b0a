package io.kotanihub.sandbox.web;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter;
import io.kotanihub.sandbox.SandboxProperties;
import io.kotanihub.sandbox.core.SandboxResettable;
import org.springframework.stereotype.Component;

/**
 * Kotani's limits (§2.3): counted per API key and per endpoint, in three tiers, each with a sustained and a burst
 * window; a call must fit both. Uses resilience4j's rate limiter (fixed windows) for each window.
 */
@Component
public class RateLimits implements SandboxResettable {

    public enum TierName { READ, GENERAL, SENSITIVE }

    private final SandboxProperties properties;
    private final Map<String, AtomicRateLimiter> limiters = new ConcurrentHashMap<>();

    public RateLimits(SandboxProperties properties) {
        this.properties = properties;
    }

    public static TierName tierOf(String method, String path) {
        if (path.startsWith("/api/v3/auth")) {
            return TierName.SENSITIVE;
        }
        return "GET".equalsIgnoreCase(method) ? TierName.READ : TierName.GENERAL;
    }

    /** Takes one call from the key's budget for this endpoint, or throws the 429. */
    public void acquire(String apiKey, String endpoint, TierName tierName) {
        if (!properties.getRateLimits().isEnabled()) {
            return;
        }
        SandboxProperties.Tier tier = switch (tierName) {
            case READ -> properties.getRateLimits().getRead();
            case GENERAL -> properties.getRateLimits().getGeneral();
            case SENSITIVE -> properties.getRateLimits().getSensitive();
        };
        String base = apiKey + "|" + endpoint;
        take(limiter(base + "|burst", tier.getBurst(), tier.getBurstPeriod()), tier.getBurst(), tier.getBurstPeriod());
        take(limiter(base + "|sustained", tier.getLimit(), tier.getPeriod()), tier.getLimit(), tier.getPeriod());
    }

    private AtomicRateLimiter limiter(String name, int limit, Duration period) {
        return limiters.computeIfAbsent(name, n -> (AtomicRateLimiter) RateLimiter.of(n, RateLimiterConfig.custom()
                .limitForPeriod(limit).limitRefreshPeriod(period).timeoutDuration(Duration.ZERO).build()));
    }

    private static void take(AtomicRateLimiter limiter, int limit, Duration period) {
        if (!limiter.acquirePermission()) {
            long nanos = limiter.getDetailedMetrics().getNanosToWait();
            long seconds = Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L);
            throw new RateLimitedException(seconds, limit, Math.max(1, period.toSeconds()));
        }
    }

    @Override
    public void reset() {
        limiters.clear();
    }
}

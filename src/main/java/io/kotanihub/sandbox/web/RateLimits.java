package io.kotanihub.sandbox.web;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.kotanihub.sandbox.SandboxProperties;
import io.kotanihub.sandbox.core.SandboxResettable;
import org.springframework.stereotype.Component;

/**
 * Kotani's limits (§2.3): counted per API key and per endpoint, in three tiers, each with a sustained and a burst
 * window, both <b>sliding</b> as Kotani's Redis-backed limiter counts them. A call is allowed when each window that
 * ends now holds fewer calls than its limit; an allowed call is counted in both, a refused one in neither. A 429's
 * {@code retryAfter} is the time until the oldest counted call leaves the window that refused it (the longer wait
 * when both did), rounded up to whole seconds.
 *
 * <p>Why a log rather than a library: resilience4j's rate limiter (used here before) refills per fixed cycle, and
 * Bucket4j is a token bucket too (refilled per interval or continuously). Neither keeps the calls it counted, so a
 * client gets up to twice a limit across a cycle edge, or more than the limit within one window as tokens trickle
 * back, and neither can say when the oldest counted call leaves the window. An exact sliding log is a ring of at
 * most {@code limit} timestamps per key and window ({@link SlidingWindowLog}): a few lines, no approximation.
 */
@Component
public class RateLimits implements SandboxResettable {

    public enum TierName { READ, GENERAL, SENSITIVE }

    private final SandboxProperties properties;
    private final Map<String, Budget> budgets = new ConcurrentHashMap<>();

    public RateLimits(SandboxProperties properties) {
        this.properties = properties;
    }

    /** One key's budget on one endpoint: the burst and the sustained window of its tier. */
    private static final class Budget {
        final SlidingWindowLog burst;
        final SlidingWindowLog sustained;

        Budget(SandboxProperties.Tier tier) {
            this.burst = new SlidingWindowLog(tier.getBurst(), tier.getBurstPeriod());
            this.sustained = new SlidingWindowLog(tier.getLimit(), tier.getPeriod());
        }
    }

    public static TierName tierOf(String method, String path) {
        if (path.startsWith("/api/v3/auth")) {
            return TierName.SENSITIVE;
        }
        return "GET".equalsIgnoreCase(method) ? TierName.READ : TierName.GENERAL;
    }

    /** Counts one call against the key's budget for this endpoint, or throws the 429. */
    public void acquire(String apiKey, String endpoint, TierName tierName) {
        acquire(apiKey, endpoint, tierName, System.nanoTime());
    }

    void acquire(String apiKey, String endpoint, TierName tierName, long now) {
        if (!properties.getRateLimits().isEnabled()) {
            return;
        }
        SandboxProperties.Tier tier = switch (tierName) {
            case READ -> properties.getRateLimits().getRead();
            case GENERAL -> properties.getRateLimits().getGeneral();
            case SENSITIVE -> properties.getRateLimits().getSensitive();
        };
        Budget budget = budgets.computeIfAbsent(apiKey + "|" + endpoint, k -> new Budget(tier));
        synchronized (budget) {
            long burstWait = budget.burst.nanosUntilFree(now);
            long sustainedWait = budget.sustained.nanosUntilFree(now);
            if (burstWait == 0 && sustainedWait == 0) {
                budget.burst.record(now);
                budget.sustained.record(now);
                return;
            }
            SlidingWindowLog refusing = sustainedWait > burstWait ? budget.sustained : budget.burst;
            long wait = Math.max(burstWait, sustainedWait);
            long seconds = Math.max(1, (wait + 999_999_999L) / 1_000_000_000L);
            Duration window = refusing.window();
            throw new RateLimitedException(seconds, refusing.limit(), Math.max(1, window.toSeconds()));
        }
    }

    @Override
    public void reset() {
        budgets.clear();
    }
}

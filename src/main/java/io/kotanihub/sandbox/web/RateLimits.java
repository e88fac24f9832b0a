package io.kotanihub.sandbox.web;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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

    /**
     * One key's budget on one endpoint: the burst and the sustained window of its tier, and what happened to it
     * (calls allowed and refused, the most calls either window ever held: see {@link #describe()}).
     */
    private static final class Budget {
        final SlidingWindowLog burst;
        final SlidingWindowLog sustained;
        long allowed;
        long refused;
        int peakBurst;
        int peakSustained;

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
                budget.allowed++;
                budget.peakBurst = Math.max(budget.peakBurst, budget.burst.counted());
                budget.peakSustained = Math.max(budget.peakSustained, budget.sustained.counted());
                return;
            }
            budget.refused++;
            SlidingWindowLog refusing = sustainedWait > burstWait ? budget.sustained : budget.burst;
            long wait = Math.max(burstWait, sustainedWait);
            long seconds = Math.max(1, (wait + 999_999_999L) / 1_000_000_000L);
            Duration window = refusing.window();
            throw new RateLimitedException(seconds, refusing.limit(), Math.max(1, window.toSeconds()));
        }
    }

    /**
     * Per key (its first 8 characters) and endpoint: calls allowed, calls refused with 429, and the most calls the
     * burst and the sustained window ever held, beside their limits; since the start or the last reset.
     */
    public List<Map<String, Object>> describe() {
        List<Map<String, Object>> rows = new ArrayList<>();
        budgets.forEach((key, budget) -> {
            Map<String, Object> row = new LinkedHashMap<>();
            int bar = key.indexOf('|');
            String apiKey = key.substring(0, bar);
            row.put("key", apiKey.length() > 8 ? apiKey.substring(0, 8) + "…" : apiKey);
            row.put("endpoint", key.substring(bar + 1));
            synchronized (budget) {
                row.put("allowed", budget.allowed);
                row.put("refused", budget.refused);
                row.put("peakBurst", budget.peakBurst);
                row.put("burstLimit", budget.burst.limit());
                row.put("burstWindowSeconds", budget.burst.window().toMillis() / 1000.0);
                row.put("peakSustained", budget.peakSustained);
                row.put("sustainedLimit", budget.sustained.limit());
                row.put("sustainedWindowSeconds", budget.sustained.window().toMillis() / 1000.0);
            }
            rows.add(row);
        });
        return rows;
    }

    @Override
    public void reset() {
        budgets.clear();
    }
}

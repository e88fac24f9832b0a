package io.kotanihub.sandbox.core;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.stereotype.Component;

/**
 * Fault injection, set by {@code POST /sandbox/faults} (all fields optional; an absent field keeps its value):
 * <ul>
 *   <li>{@code errorRate} (0..1) and {@code errorStatus} (default 500): answer that share of API calls with an
 *       error before anything is created;</li>
 *   <li>{@code latencyMs}: delay every API call;</li>
 *   <li>{@code dropResponseRate} (0..1): create the transaction, then cut the response off (the client sees a
 *       broken connection and cannot know the outcome);</li>
 *   <li>{@code rateLimitStorm} (count) and {@code stormRetryAfter} (seconds, default 1): answer the next count
 *       API calls with 429;</li>
 *   <li>{@code scope}: ALL API calls (default), CREATES (POST only) or READS (GET only: status look-ups and
 *       listings) for errorRate, latency and storms;</li>
 *   <li>{@code duplicateWebhookRate} (0..1): deliver that share of webhooks twice;</li>
 *   <li>{@code outOfOrderWebhooks}: deliver each transaction's webhooks in reverse order of their events;</li>
 *   <li>{@code lateCorrectionRate} (0..1): a share of transactions that succeed are first reported CANCELLED
 *       (balance reversed) and corrected to SUCCESSFUL shortly after (§19.5).</li>
 * </ul>
 */
@Component
public class SandboxFaults implements SandboxResettable {

    private volatile double errorRate;
    private volatile int errorStatus = 500;
    private volatile long latencyMs;
    private volatile double dropResponseRate;
    private final AtomicInteger rateLimitStorm = new AtomicInteger();
    private volatile long stormRetryAfter = 1;
    private volatile String scope = "ALL";
    private volatile double duplicateWebhookRate;
    private volatile boolean outOfOrderWebhooks;
    private volatile double lateCorrectionRate;

    public synchronized void apply(Map<String, Object> settings) {
        settings.forEach((name, value) -> {
            switch (name) {
                case "errorRate" -> errorRate = share(name, value);
                case "errorStatus" -> errorStatus = ((Number) value).intValue();
                case "latencyMs" -> latencyMs = ((Number) value).longValue();
                case "dropResponseRate" -> dropResponseRate = share(name, value);
                case "rateLimitStorm" -> rateLimitStorm.set(((Number) value).intValue());
                case "stormRetryAfter" -> stormRetryAfter = ((Number) value).longValue();
                case "scope" -> {
                    String wanted = String.valueOf(value).toUpperCase();
                    if (!List.of("ALL", "CREATES", "READS").contains(wanted)) {
                        throw new IllegalArgumentException("scope must be ALL, CREATES or READS");
                    }
                    scope = wanted;
                }
                case "duplicateWebhookRate" -> duplicateWebhookRate = share(name, value);
                case "outOfOrderWebhooks" -> outOfOrderWebhooks = Boolean.TRUE.equals(value);
                case "lateCorrectionRate" -> lateCorrectionRate = share(name, value);
                default -> throw new IllegalArgumentException("unknown fault setting: " + name);
            }
        });
    }

    private static double share(String name, Object value) {
        double share = ((Number) value).doubleValue();
        if (share < 0 || share > 1) {
            throw new IllegalArgumentException(name + " must be between 0 and 1");
        }
        return share;
    }

    public Map<String, Object> describe() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("errorRate", errorRate);
        out.put("errorStatus", errorStatus);
        out.put("latencyMs", latencyMs);
        out.put("dropResponseRate", dropResponseRate);
        out.put("rateLimitStorm", rateLimitStorm.get());
        out.put("stormRetryAfter", stormRetryAfter);
        out.put("scope", scope);
        out.put("duplicateWebhookRate", duplicateWebhookRate);
        out.put("outOfOrderWebhooks", outOfOrderWebhooks);
        out.put("lateCorrectionRate", lateCorrectionRate);
        return out;
    }

    public boolean applies(String method) {
        return "ALL".equals(scope) || ("CREATES".equals(scope) && "POST".equalsIgnoreCase(method))
                || ("READS".equals(scope) && "GET".equalsIgnoreCase(method));
    }

    /** True when this call must be answered with an injected error. */
    public boolean injectError() { return roll(errorRate); }
    public int errorStatus() { return errorStatus; }
    public long latencyMs() { return latencyMs; }
    /** True when this create's response must be dropped after the transaction was created. */
    public boolean dropResponse() { return roll(dropResponseRate); }
    /** True (and one storm call used up) while a 429 storm lasts. */
    public boolean inStorm() { return rateLimitStorm.getAndUpdate(n -> Math.max(0, n - 1)) > 0; }
    public long stormRetryAfter() { return stormRetryAfter; }
    public boolean duplicateWebhook() { return roll(duplicateWebhookRate); }
    public boolean outOfOrderWebhooks() { return outOfOrderWebhooks; }
    public boolean lateCorrection() { return roll(lateCorrectionRate); }

    private static boolean roll(double share) {
        return share > 0 && ThreadLocalRandom.current().nextDouble() < share;
    }

    @Override
    public synchronized void reset() {
        errorRate = 0;
        errorStatus = 500;
        latencyMs = 0;
        dropResponseRate = 0;
        rateLimitStorm.set(0);
        stormRetryAfter = 1;
        scope = "ALL";
        duplicateWebhookRate = 0;
        outOfOrderWebhooks = false;
        lateCorrectionRate = 0;
    }
}

package io.kotanihub.edge;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Counts failed authentication per client address in a Bucket4j token bucket ({@link AuthThrottleProperties}): each
 * failure takes a token, an address without tokens is refused (429) before its credentials are even checked. The
 * buckets live in a bounded, least-recently-used map, so a flood of addresses cannot grow the heap without limit.
 */
@Component
public class AuthThrottle {

    private static final Logger LOG = LoggerFactory.getLogger(AuthThrottle.class);
    private static final int MAX_ADDRESS = 64;

    private final AuthThrottleProperties properties;
    private final Map<String, Bucket> buckets;

    public AuthThrottle(AuthThrottleProperties properties) {
        if (properties.getMaxFailures() < 1 || properties.getPeriod().isNegative() || properties.getPeriod().isZero()) {
            throw new IllegalStateException("hub.auth-throttle.max-failures must be at least 1 and"
                    + " hub.auth-throttle.period positive");
        }
        this.properties = properties;
        int tracked = Math.max(1, properties.getTrackedAddresses());
        this.buckets = Collections.synchronizedMap(new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
                return size() > tracked;
            }
        });
    }

    /** How long the address must wait before it may authenticate again; empty when it may now. */
    public Optional<Duration> refusal(String address) {
        if (!properties.isEnabled()) {
            return Optional.empty();
        }
        Bucket bucket = buckets.get(key(address));
        if (bucket == null || bucket.getAvailableTokens() > 0) {
            return Optional.empty();
        }
        long nanos = bucket.estimateAbilityToConsume(1).getNanosToWaitForRefill();
        return Optional.of(Duration.ofNanos(Math.max(nanos, 1)));
    }

    /** Records a failed authentication by {@code address} at {@code where} (a path; never the credentials). */
    public void failed(String address, String where) {
        if (!properties.isEnabled()) {
            return;
        }
        String key = key(address);
        Bucket bucket = buckets.computeIfAbsent(key, k -> Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(properties.getMaxFailures())
                        .refillGreedy(properties.getMaxFailures(), properties.getPeriod()).build())
                .build());
        if (bucket.tryConsume(1) && bucket.getAvailableTokens() == 0) {
            LOG.warn("authentication throttled: {} failed {} times within {} (last at {}); it is refused with 429"
                    + " until its allowance refills", key, properties.getMaxFailures(), properties.getPeriod(), where);
        }
    }

    /** Logs one refused attempt (the address only; at DEBUG, the address was reported when it was throttled). */
    public void refused(String address, String where, Duration retryAfter) {
        LOG.debug("authentication refused with 429 for {} at {}: too many failed attempts, retry after {} s",
                key(address), where, seconds(retryAfter));
    }

    public static long seconds(Duration wait) {
        return Math.max(1, (wait.toMillis() + 999) / 1000);
    }

    private static String key(String address) {
        String a = address == null ? "unknown" : address;
        return a.length() > MAX_ADDRESS ? a.substring(0, MAX_ADDRESS) : a;
    }
}

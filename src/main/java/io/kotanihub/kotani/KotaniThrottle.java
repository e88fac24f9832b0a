package io.kotanihub.kotani;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Keeps the hub's calls within Kotani's per-key, per-endpoint limits (REFERENCE §2.3): one Bucket4j token bucket per
 * endpoint, refilled at the pace the stricter of the tier's sustained and burst limits allows, with room for calls
 * that arrive up to {@code jitter-allowance} late, so that no sliding window, wherever it falls, holds more calls than
 * Kotani allows. The bucket holds {@value #TOKENS} tokens: a token that came while no worker was ready is not lost
 * but taken with the next one (the pacing pays for that extra token). The buckets live in a {@link KotaniBudgetStore}: in PostgreSQL every hub instance on the
 * database takes its tokens from the same buckets, so that together they keep one key's limits. A 429 pauses the
 * endpoint, for every instance, until its {@code retryAfter} has passed. A worker waits at most {@code max-wait} for
 * a token; when it gets none it is told when to try again, and leaves the payment in the ledger until then. Off with
 * {@code hub.kotani.throttle.enabled=false} (a 429's pause still holds).
 */
@Component
public class KotaniThrottle {

    private static final Logger LOG = LoggerFactory.getLogger(KotaniThrottle.class);
    /** Tokens a bucket holds at most (it starts with one). */
    public static final int TOKENS = 2;

    /** Whether a call may go now; when not, {@code retryAt} is when it is worth trying again. */
    public record Permit(boolean granted, Instant retryAt) {
        static final Permit GRANTED = new Permit(true, null);
    }

    /** A permit and how it came about ({@code granted}, {@code denied}, {@code paused}: the metric's result). */
    private record Decision(Permit permit, String result) {
        static final Decision GRANTED = new Decision(Permit.GRANTED, "granted");

        static Decision denied(Instant retryAt) {
            return new Decision(new Permit(false, retryAt), "denied");
        }

        static Decision paused(Instant until) {
            return new Decision(new Permit(false, until), "paused");
        }
    }

    private final KotaniProperties.Throttle properties;
    private final KotaniBudgetStore store;
    private final Map<KotaniEndpoint, Bucket> buckets = new ConcurrentHashMap<>();
    /** Pauses this instance knows of (its own 429s and those it read from the store). */
    private final Map<KotaniEndpoint, Instant> pausedUntil = new ConcurrentHashMap<>();
    /** The earliest time the endpoint's next token can come, as last learned from the store: no round trip before. */
    private final Map<KotaniEndpoint, Instant> noTokenBefore = new ConcurrentHashMap<>();
    private final Map<String, Timer> waits = new ConcurrentHashMap<>();
    private MeterRegistry registry;

    /** A throttle whose budget lives in this process only. */
    public KotaniThrottle(KotaniProperties properties) {
        this(properties, new LocalBudgetStore());
    }

    @Autowired
    public KotaniThrottle(KotaniProperties properties, KotaniBudgetStore store) {
        this.properties = properties.getThrottle();
        this.store = store;
    }

    /** Time spent here goes to {@code kotani_hub_throttle_wait_seconds{endpoint,result}}; without a registry, nowhere. */
    @Autowired(required = false)
    public void setMeterRegistry(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Takes a permit for one call to {@code endpoint}, waiting at most {@code max-wait}. */
    public Permit acquire(KotaniEndpoint endpoint) {
        long started = System.nanoTime();
        Decision decision;
        try {
            decision = decide(endpoint);
        } catch (RuntimeException storeFailed) {
            LOG.warn("Kotani throttle: the budget of {} could not be read ({}); trying again later", endpoint,
                    storeFailed.getClass().getSimpleName());
            decision = Decision.denied(Instant.now().plus(spacing(endpoint)));
        }
        recordWait(endpoint.name(), decision.result(), System.nanoTime() - started);
        return decision.permit();
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

    /**
     * Gives back the token of a permit that was not used: nothing was sent (another worker or instance had claimed
     * the payment, or it was not ready). The bucket is then as if the token had not been taken (never fuller), so a
     * returned token cannot let more calls into a window than the pacing allows.
     */
    public void giveBack(KotaniEndpoint endpoint) {
        Bucket bucket = buckets.get(endpoint);
        if (bucket == null || !properties.isEnabled()) {
            return;
        }
        try {
            bucket.addTokens(1);
            noTokenBefore.remove(endpoint);
        } catch (RuntimeException storeFailed) {
            LOG.warn("Kotani throttle: an unused token of {} could not be given back ({})", endpoint,
                    storeFailed.getClass().getSimpleName());
        }
    }

    /**
     * Keeps a permit taken at {@code grantedAtNanos} ({@link System#nanoTime()}) only while it is fresh: a call sent
     * much later than its token was planned for could crowd a window (the pacing leaves room for
     * {@code jitter-allowance} in all, and a quarter of it goes here). A stale permit's token goes back and a new
     * one is taken, waiting at most {@code max-wait}; when none comes, nothing may be sent now.
     */
    public Permit renew(KotaniEndpoint endpoint, long grantedAtNanos) {
        Duration age = Duration.ofNanos(System.nanoTime() - grantedAtNanos);
        if (!properties.isEnabled() || age.compareTo(properties.getJitterAllowance().dividedBy(4)) <= 0) {
            return Permit.GRANTED;
        }
        giveBack(endpoint);
        return acquire(endpoint);
    }

    private Decision decide(KotaniEndpoint endpoint) {
        Instant now = Instant.now();
        Instant paused = pausedUntil.get(endpoint);
        if (paused != null && now.isBefore(paused)) {
            return Decision.paused(paused);
        }
        Instant nextToken = noTokenBefore.get(endpoint);
        if (properties.isEnabled() && nextToken != null
                && Duration.between(now, nextToken).compareTo(properties.getMaxWait()) > 0) {
            return Decision.denied(reservable(nextToken));
        }
        Instant sharedPause = store.pausedUntil(endpoint).orElse(null);
        if (sharedPause != null && now.isBefore(sharedPause)) {
            pausedUntil.merge(endpoint, sharedPause, KotaniThrottle::later);
            return Decision.paused(sharedPause);
        }
        if (!properties.isEnabled()) {
            return Decision.GRANTED;
        }
        return take(endpoint, buckets.computeIfAbsent(endpoint, this::bucket));
    }

    /**
     * One round trip when a token is there or too far off; a second one to reserve a token within max-wait. A
     * worker turned away is told to come back when a token can be reserved within max-wait, so that a worker is
     * waiting for each token as it comes.
     */
    private Decision take(KotaniEndpoint endpoint, Bucket bucket) {
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        if (probe.isConsumed()) {
            return Decision.GRANTED;
        }
        Instant nextToken = Instant.now().plusNanos(probe.getNanosToWaitForRefill());
        long maxWait = properties.getMaxWait().toNanos();
        if (probe.getNanosToWaitForRefill() <= maxWait && maxWait > 0) {
            try {
                if (bucket.asBlocking().tryConsume(1, properties.getMaxWait())) {
                    return Decision.GRANTED;
                }
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return Decision.denied(nextToken);
            }
        }
        noTokenBefore.merge(endpoint, nextToken, KotaniThrottle::later);
        return Decision.denied(reservable(nextToken));
    }

    /** When a token coming at {@code nextToken} can be reserved within max-wait (never before now). */
    private Instant reservable(Instant nextToken) {
        Instant at = nextToken.minus(properties.getMaxWait());
        Instant now = Instant.now();
        return at.isAfter(now) ? at : now;
    }

    /**
     * Makes one call to {@code endpoint} within the budget: a call the throttle holds back is not made and answers
     * {@link KotaniResponse.Outcome#NOT_SENT}; a 429 pauses the endpoint for its {@code retryAfter} (a second when
     * Kotani gave none). For callers that take no further part in the pacing (checkouts, payment links, the bridge).
     */
    public KotaniResponse call(KotaniEndpoint endpoint, Supplier<KotaniResponse> call) {
        Permit permit = acquire(endpoint);
        if (!permit.granted()) {
            return KotaniResponse.notSent("held back by the Kotani throttle until " + permit.retryAt());
        }
        KotaniResponse response = call.get();
        if (response.outcome() == KotaniResponse.Outcome.RATE_LIMITED) {
            Duration wait = response.retryAfter() == null ? Duration.ofSeconds(1) : response.retryAfter();
            pause(endpoint, Instant.now().plus(wait));
        }
        return response;
    }

    /** Kotani answered 429 on {@code endpoint}: no call to it before {@code until}, from any instance. */
    public void pause(KotaniEndpoint endpoint, Instant until) {
        pausedUntil.merge(endpoint, until, KotaniThrottle::later);
        try {
            store.pause(endpoint, until);
        } catch (RuntimeException storeFailed) {
            LOG.warn("Kotani throttle: the pause of {} could not be shared ({}); it holds in this instance",
                    endpoint, storeFailed.getClass().getSimpleName());
        }
    }

    private Bucket bucket(KotaniEndpoint endpoint) {
        Duration spacing = spacing(endpoint);
        BucketConfiguration configuration = BucketConfiguration.builder()
                .addLimit(Bandwidth.builder().capacity(TOKENS).refillGreedy(1, spacing).initialTokens(1).build())
                .build();
        // the pacing is part of the key: instances configured alike share a bucket, a changed limit starts afresh
        return store.bucket(endpoint.name() + "/" + spacing.toNanos() + "ns", configuration);
    }

    private Duration spacing(KotaniEndpoint endpoint) {
        KotaniProperties.Tier tier = endpoint.tier() == KotaniEndpoint.Tier.READ
                ? properties.getRead() : properties.getGeneral();
        return tier.spacing(properties.getJitterAllowance(), TOKENS);
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}

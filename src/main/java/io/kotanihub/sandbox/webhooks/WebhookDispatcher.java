package io.kotanihub.sandbox.webhooks;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kotanihub.sandbox.SandboxProperties;
import io.kotanihub.sandbox.core.SandboxFaults;
import io.kotanihub.sandbox.core.SandboxResettable;
import io.kotanihub.sandbox.core.SandboxScheduler;
import io.kotanihub.sandbox.core.WebhookPublisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Delivers the sandbox's status changes to the integrator (REFERENCE §19.1, §19.5).
 *
 * <p><b>Mode.</b> With a webhook secret (run-time settings of {@link IntegratorSettings}) every event the integrator
 * subscribed to is sent signed: body {@code {"event":…,"data":…,"signature":"sha256=…"}} (the canonical
 * {@code JSON.stringify({event,data})} with the signature appended, see {@link WebhookSigner}) and the headers
 * {@code X-Kotani-Signature}, {@code X-Kotani-Event}, {@code X-Kotani-Integrator}. Its target is chosen by
 * {@code hub.sandbox.signed-target}: CALLBACK_FIRST (default, §22.20) = the transaction's callbackUrl if it has one,
 * else the integrator's webhook_url; WEBHOOK_URL = the integrator's webhook_url only. Without a secret, transaction
 * events ({@code transaction.*}) are sent as direct callbacks: {@code data} alone to the transaction's callbackUrl.
 * An event with no target is not sent (it is logged as NO_TARGET; unsubscribed events as NOT_SUBSCRIBED).
 *
 * <p><b>Retries and order.</b> Only a 2xx answer counts. A failed attempt is retried after
 * {@code initialBackoff}, doubling up to {@code maxBackoff}, for {@code retryFor} after the first attempt (§19.5:
 * exponential backoff, at most every 2 hours, for up to 24 hours; with the defaults 2 s, 4 s … 4096 s, then every
 * 2 h, the last retry exactly 24 h after the first attempt: 24 attempts, see {@link #schedule}), or until
 * {@code maxAttempts} attempts were made when that cap is set; then the delivery is given up. Deliveries of one
 * reference go out strictly one after another in publication order: the next waits until the previous one is
 * delivered or given up.
 *
 * <p><b>Faults.</b> {@code duplicateWebhookRate}: the event is queued twice (the copy is marked {@code duplicate}
 * in the log), so the receiver gets identical bytes twice. {@code outOfOrderWebhooks}: while the switch is on, an
 * event is not queued at once but held in a buffer of its reference; the first held event of a reference starts a
 * timer of {@code hub.sandbox.webhooks.out-of-order-window}, and when it runs out the buffer is queued newest
 * first (reverse publication order). Events published after that start a new buffer.
 *
 * <p>Every delivery is recorded in a log shown at {@code GET /sandbox/webhooks}; a reset clears the log, the
 * queues and the buffers (deliveries in flight finish but are no longer recorded).
 */
@Component
public class WebhookDispatcher implements WebhookPublisher, SandboxResettable {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookDispatcher.class);
    private static final int LOG_LIMIT = 10_000;

    public enum Mode { SIGNED, DIRECT }

    public enum Outcome { HELD, QUEUED, IN_FLIGHT, RETRY_SCHEDULED, DELIVERED, GIVEN_UP, NO_TARGET, NOT_SUBSCRIBED }

    private final SandboxProperties properties;
    private final IntegratorSettings settings;
    private final SandboxScheduler scheduler;
    private final SandboxFaults faults;
    private final HttpClient http;
    private final AtomicLong ids = new AtomicLong();

    private final Object lock = new Object();
    private long generation;
    private final Map<String, Deque<Delivery>> lanes = new HashMap<>();
    private final Map<String, List<Delivery>> held = new HashMap<>();
    private final List<Delivery> log = new ArrayList<>();

    public WebhookDispatcher(SandboxProperties properties, IntegratorSettings settings, SandboxScheduler scheduler,
                             SandboxFaults faults) {
        this.properties = properties;
        this.settings = settings;
        this.scheduler = scheduler;
        this.faults = faults;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(properties.getWebhooks().getTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** One delivery of one event; its mutable fields are guarded by the dispatcher's lock. */
    static final class Delivery {
        final long id;
        final String event;
        final String reference;
        final Mode mode;
        final String target;
        final byte[] body;
        final Map<String, String> headers;
        final boolean duplicate;
        final Instant createdAt = Instant.now();
        int attempts;
        Integer lastStatus;
        String lastError;
        Outcome outcome;
        Instant lastAttemptAt;
        Instant deliveredAt;
        Instant nextAttemptAt;
        /** {@link System#nanoTime()} of the first attempt: the retry period is counted from it. */
        long firstAttemptNanos;

        Delivery(long id, String event, String reference, Mode mode, String target, byte[] body,
                 Map<String, String> headers, boolean duplicate, Outcome outcome) {
            this.id = id;
            this.event = event;
            this.reference = reference;
            this.mode = mode;
            this.target = target;
            this.body = body;
            this.headers = headers;
            this.duplicate = duplicate;
            this.outcome = outcome;
        }

        Delivery copy(long copyId) {
            return new Delivery(copyId, event, reference, mode, target, body, headers, true, outcome);
        }
    }

    @Override
    public void publish(String event, ObjectNode data, String callbackUrl, String reference) {
        IntegratorSettings.Snapshot config = settings.current();
        String callback = callbackUrl == null || callbackUrl.isBlank() ? null : callbackUrl;
        Delivery delivery;
        if (config.signed()) {
            String target = "WEBHOOK_URL".equalsIgnoreCase(properties.getSignedTarget())
                    ? config.webhookUrl()
                    : (callback != null ? callback : config.webhookUrl());
            if (!config.subscribed(event)) {
                delivery = skipped(event, reference, Mode.SIGNED, target, Outcome.NOT_SUBSCRIBED);
            } else if (target == null) {
                delivery = skipped(event, reference, Mode.SIGNED, null, Outcome.NO_TARGET);
            } else {
                WebhookSigner.Signed signed = WebhookSigner.sign(config.secret(), event, data);
                Map<String, String> headers = new LinkedHashMap<>();
                headers.put("Content-Type", "application/json");
                headers.put("X-Kotani-Signature", signed.signature());
                headers.put("X-Kotani-Event", event);
                headers.put("X-Kotani-Integrator", properties.getIntegratorId());
                delivery = new Delivery(ids.incrementAndGet(), event, reference, Mode.SIGNED, target,
                        signed.body().getBytes(StandardCharsets.UTF_8), headers, false, Outcome.QUEUED);
            }
        } else if (!event.startsWith("transaction.") || callback == null) {
            delivery = skipped(event, reference, Mode.DIRECT, callback, Outcome.NO_TARGET);
        } else {
            delivery = new Delivery(ids.incrementAndGet(), event, reference, Mode.DIRECT, callback,
                    JsJson.stringify(data).getBytes(StandardCharsets.UTF_8),
                    Map.of("Content-Type", "application/json"), false, Outcome.QUEUED);
        }
        List<Delivery> deliveries = new ArrayList<>(2);
        deliveries.add(delivery);
        if (delivery.outcome == Outcome.QUEUED && faults.duplicateWebhook()) {
            deliveries.add(delivery.copy(ids.incrementAndGet()));
        }
        boolean hold = faults.outOfOrderWebhooks();
        synchronized (lock) {
            deliveries.forEach(this::record);
            if (delivery.outcome != Outcome.QUEUED) {
                return;
            }
            if (hold) {
                hold(reference, deliveries);
            } else {
                deliveries.forEach(this::enqueue);
            }
        }
    }

    private Delivery skipped(String event, String reference, Mode mode, String target, Outcome outcome) {
        return new Delivery(ids.incrementAndGet(), event, reference, mode, target, new byte[0], Map.of(), false,
                outcome);
    }

    private void record(Delivery delivery) {
        log.add(delivery);
        if (log.size() > LOG_LIMIT) {
            log.remove(0);
        }
    }

    private void hold(String reference, List<Delivery> deliveries) {
        deliveries.forEach(d -> d.outcome = Outcome.HELD);
        List<Delivery> buffer = held.get(reference);
        if (buffer == null) {
            buffer = new ArrayList<>();
            held.put(reference, buffer);
            long scheduledIn = generation;
            scheduler.after(properties.getWebhooks().getOutOfOrderWindow(), () -> releaseHeld(reference, scheduledIn));
        }
        buffer.addAll(deliveries);
    }

    private void releaseHeld(String reference, long scheduledIn) {
        synchronized (lock) {
            if (scheduledIn != generation) {
                return;
            }
            List<Delivery> buffer = held.remove(reference);
            if (buffer == null) {
                return;
            }
            List<Delivery> newestFirst = new ArrayList<>(buffer);
            Collections.reverse(newestFirst);
            newestFirst.forEach(d -> {
                d.outcome = Outcome.QUEUED;
                enqueue(d);
            });
        }
    }

    /** Appends to the reference's lane; starts it when it was idle. Caller holds the lock. */
    private void enqueue(Delivery delivery) {
        Deque<Delivery> lane = lanes.computeIfAbsent(delivery.reference, r -> new ArrayDeque<>());
        lane.addLast(delivery);
        if (lane.size() == 1) {
            long scheduledIn = generation;
            scheduler.after(Duration.ZERO, () -> attempt(delivery, scheduledIn));
        }
    }

    private void attempt(Delivery delivery, long scheduledIn) {
        HttpRequest request;
        synchronized (lock) {
            if (scheduledIn != generation) {
                return;
            }
            delivery.attempts++;
            delivery.lastAttemptAt = Instant.now();
            delivery.nextAttemptAt = null;
            if (delivery.attempts == 1) {
                delivery.firstAttemptNanos = System.nanoTime();
            }
            delivery.outcome = Outcome.IN_FLIGHT;
            try {
                HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(delivery.target))
                        .timeout(properties.getWebhooks().getTimeout())
                        .POST(HttpRequest.BodyPublishers.ofByteArray(delivery.body));
                delivery.headers.forEach(builder::header);
                request = builder.build();
            } catch (IllegalArgumentException e) {
                delivery.lastError = "invalid target URL";
                finish(delivery, Outcome.GIVEN_UP);
                return;
            }
        }
        http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                .whenComplete((response, error) -> completed(delivery, scheduledIn, response, error));
    }

    private void completed(Delivery delivery, long scheduledIn, HttpResponse<Void> response, Throwable error) {
        synchronized (lock) {
            if (scheduledIn != generation) {
                return;
            }
            if (response != null) {
                delivery.lastStatus = response.statusCode();
                delivery.lastError = null;
            } else {
                delivery.lastStatus = null;
                Throwable cause = error.getCause() != null ? error.getCause() : error;
                delivery.lastError = cause.getClass().getSimpleName();
            }
            boolean ok = response != null && response.statusCode() / 100 == 2;
            LOG.debug("sandbox: webhook {} #{} for {} attempt {} -> {}", delivery.event, delivery.id,
                    delivery.reference, delivery.attempts, ok ? "delivered" : delivery.lastStatus);
            if (ok) {
                delivery.deliveredAt = Instant.now();
                finish(delivery, Outcome.DELIVERED);
                return;
            }
            Duration retryIn = nextRetry(properties.getWebhooks(), delivery.attempts,
                    Duration.ofNanos(System.nanoTime() - delivery.firstAttemptNanos));
            if (retryIn == null) {
                LOG.info("sandbox: webhook {} for {} given up after {} attempts", delivery.event, delivery.reference,
                        delivery.attempts);
                finish(delivery, Outcome.GIVEN_UP);
            } else {
                delivery.outcome = Outcome.RETRY_SCHEDULED;
                delivery.nextAttemptAt = Instant.now().plus(retryIn);
                scheduler.after(retryIn, () -> attempt(delivery, scheduledIn));
            }
        }
    }

    /**
     * When to retry after the n-th failed attempt, {@code sinceFirst} after the first one: the backoff, shortened so
     * that no retry falls after {@code retryFor}; null when the delivery is to be given up ({@code retryFor} has
     * passed, or {@code maxAttempts} attempts were made when that cap is set).
     */
    static Duration nextRetry(SandboxProperties.Webhooks config, int failedAttempts, Duration sinceFirst) {
        if (config.getMaxAttempts() > 0 && failedAttempts >= config.getMaxAttempts()) {
            return null;
        }
        Duration left = config.getRetryFor().minus(sinceFirst);
        if (left.isNegative() || left.isZero()) {
            return null;
        }
        Duration backoff = backoff(config, failedAttempts);
        return backoff.compareTo(left) > 0 ? left : backoff;
    }

    /**
     * The retry times of a delivery that keeps failing, each counted from its first attempt, as
     * {@link #nextRetry} makes them when the attempts themselves take no time.
     */
    public static List<Duration> schedule(SandboxProperties.Webhooks config) {
        List<Duration> retries = new ArrayList<>();
        Duration at = Duration.ZERO;
        for (int failed = 1; ; failed++) {
            Duration next = nextRetry(config, failed, at);
            if (next == null) {
                return retries;
            }
            at = at.plus(next);
            retries.add(at);
        }
    }

    /** Backoff after the n-th failed attempt: initialBackoff × 2^(n-1), at most maxBackoff. */
    static Duration backoff(SandboxProperties.Webhooks config, int failedAttempts) {
        Duration delay = config.getInitialBackoff().compareTo(Duration.ofMillis(1)) < 0 ? Duration.ofMillis(1)
                : config.getInitialBackoff();
        for (int i = 1; i < failedAttempts && delay.compareTo(config.getMaxBackoff()) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(config.getMaxBackoff()) > 0 ? config.getMaxBackoff() : delay;
    }

    /** Ends a delivery and starts the next one of its reference. Caller holds the lock. */
    private void finish(Delivery delivery, Outcome outcome) {
        delivery.outcome = outcome;
        Deque<Delivery> lane = lanes.get(delivery.reference);
        if (lane == null || lane.peekFirst() != delivery) {
            return;
        }
        lane.removeFirst();
        Delivery next = lane.peekFirst();
        if (next == null) {
            lanes.remove(delivery.reference);
        } else {
            long scheduledIn = generation;
            scheduler.after(Duration.ZERO, () -> attempt(next, scheduledIn));
        }
    }

    /** The delivery log, oldest first, optionally for one reference. */
    public List<Map<String, Object>> deliveries(String reference) {
        synchronized (lock) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (Delivery d : log) {
                if (reference != null && !reference.equals(d.reference)) {
                    continue;
                }
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("id", d.id);
                row.put("event", d.event);
                row.put("reference", d.reference);
                row.put("mode", d.mode.name());
                row.put("target", d.target);
                row.put("attempts", d.attempts);
                row.put("lastStatus", d.lastStatus);
                row.put("lastError", d.lastError);
                row.put("delivered", d.outcome == Outcome.DELIVERED);
                row.put("outcome", d.outcome.name());
                row.put("duplicate", d.duplicate);
                row.put("createdAt", d.createdAt.toString());
                row.put("lastAttemptAt", d.lastAttemptAt == null ? null : d.lastAttemptAt.toString());
                row.put("deliveredAt", d.deliveredAt == null ? null : d.deliveredAt.toString());
                row.put("nextAttemptAt", d.nextAttemptAt == null ? null : d.nextAttemptAt.toString());
                rows.add(row);
            }
            return rows;
        }
    }

    @Override
    public void reset() {
        synchronized (lock) {
            generation++;
            lanes.clear();
            held.clear();
            log.clear();
        }
    }
}

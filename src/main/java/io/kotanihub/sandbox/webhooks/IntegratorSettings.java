package io.kotanihub.sandbox.webhooks;

import java.time.Instant;
import java.util.List;

import io.kotanihub.sandbox.SandboxProperties;
import io.kotanihub.sandbox.core.SandboxResettable;
import org.springframework.stereotype.Component;

/**
 * The sandbox integrator's run-time webhook settings (§5.3): URL, secret and event filter. They start from
 * {@code hub.sandbox.webhook-url} / {@code hub.sandbox.webhook-secret} (no filter), change through
 * {@code PATCH /api/v3/integrator/webhook}, and return to those defaults on {@code POST /sandbox/reset}.
 */
@Component
public class IntegratorSettings implements SandboxResettable {

    /** The event the sandbox sends to a crypto-bridge provider's callback_url (REFERENCE leaves it unnamed). */
    public static final String BRIDGE_EVENT = "transaction.crypto_bridge.status.updated";

    /** Events an integrator may subscribe to: the latest enum of §19.3, plus the sandbox's crypto-bridge event. */
    public static final List<String> SUBSCRIBABLE_EVENTS = List.of(
            "transaction.status.updated", "transaction.deposit.status.updated",
            "transaction.withdrawal.status.updated", "transaction.onramp.status.updated",
            "transaction.offramp.status.updated", "payment.confirmed", "kyc.status.changed",
            "refund.lightning.invoice_needed", "refund.completed", "refund.failed", "settlement.approved",
            "settlement.rejected", "settlement.processed", "settlement.cancelled", "settlement.paused",
            "settlement.batch.approved", "settlement.batch.rejected", "settlement.batch.processed",
            "settlement.batch.partial", "settlement.batch.cancelled", "settlement.batch.consolidated",
            "system.event", BRIDGE_EVENT);

    /** One consistent view of the settings. {@code secret} null means direct-callback mode. */
    public record Snapshot(String webhookUrl, String secret, List<String> events, Instant createdAt,
                           Instant updatedAt) {
        public boolean signed() {
            return secret != null;
        }

        /** An empty filter delivers every event. */
        public boolean subscribed(String event) {
            return events.isEmpty() || events.contains(event);
        }
    }

    private final SandboxProperties properties;
    private final Instant createdAt = Instant.now();
    private volatile Snapshot current;

    public IntegratorSettings(SandboxProperties properties) {
        this.properties = properties;
        reset();
    }

    public Snapshot current() {
        return current;
    }

    /**
     * Applies a PATCH: a null argument leaves that setting unchanged; an empty URL or secret clears it (an empty
     * secret switches to direct callbacks); an empty event list subscribes to everything.
     */
    public synchronized Snapshot update(String webhookUrl, String secret, List<String> events) {
        Snapshot was = current;
        current = new Snapshot(
                webhookUrl == null ? was.webhookUrl() : blankToNull(webhookUrl),
                secret == null ? was.secret() : blankToNull(secret),
                events == null ? was.events() : List.copyOf(events),
                createdAt, Instant.now());
        return current;
    }

    @Override
    public synchronized void reset() {
        current = new Snapshot(blankToNull(properties.getWebhookUrl()), blankToNull(properties.getWebhookSecret()),
                List.of(), createdAt, createdAt);
    }

    private static String blankToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}

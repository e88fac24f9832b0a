package io.kotanihub.webhook;

import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

/** Which family of Kotani transaction a received webhook is about. */
public enum KotaniEventKind {

    DEPOSIT("transaction.deposit.status.updated"),
    WITHDRAWAL("transaction.withdrawal.status.updated"),
    ONRAMP("transaction.onramp.status.updated"),
    OFFRAMP("transaction.offramp.status.updated"),
    /** Settlements, KYC, system notices, the deprecated generic event, and names not known yet. */
    OTHER(null);

    private final String statusEvent;

    KotaniEventKind(String statusEvent) {
        this.statusEvent = statusEvent;
    }

    /** The §19.3 status event of this kind (null for {@link #OTHER}). */
    public String statusEvent() {
        return statusEvent;
    }

    /** The kind of a signed webhook, from its event name (§19.3); refunds belong to offramps. */
    public static KotaniEventKind ofEvent(String eventName) {
        if (eventName == null) {
            return OTHER;
        }
        if (eventName.startsWith("transaction.deposit.")) {
            return DEPOSIT;
        }
        if (eventName.startsWith("transaction.withdrawal.")) {
            return WITHDRAWAL;
        }
        if (eventName.startsWith("transaction.onramp.")) {
            return ONRAMP;
        }
        if (eventName.startsWith("transaction.offramp.") || eventName.startsWith("refund.")) {
            return OFFRAMP;
        }
        return OTHER;
    }

    /**
     * The kind of a direct callback, from its fields (§19.1): {@code reference_id} → deposit; {@code referenceId} with
     * {@code walletId} → withdrawal; {@code depositStatus} → onramp; {@code escrowAddress} or {@code fiatCurrency} →
     * offramp; {@code onchainStatus} alone → onramp (offramps carry it too, so their own markers are looked at first).
     */
    public static Optional<KotaniEventKind> ofDirectCallback(JsonNode body) {
        if (body.has("reference_id")) {
            return Optional.of(DEPOSIT);
        }
        if (body.has("referenceId") && body.has("walletId")) {
            return Optional.of(WITHDRAWAL);
        }
        if (body.has("depositStatus")) {
            return Optional.of(ONRAMP);
        }
        if (body.has("escrowAddress") || body.has("fiatCurrency")) {
            return Optional.of(OFFRAMP);
        }
        if (body.has("onchainStatus")) {
            return Optional.of(ONRAMP);
        }
        return Optional.empty();
    }
}

package io.kotanihub.sandbox.bridge;

import java.util.EnumSet;
import java.util.Set;

/**
 * Crypto-bridge statuses (REFERENCE §16.7) and the only transitions the sandbox allows between them:
 * <pre>
 * DEPOSIT_INITIATED      → DEPOSIT_CONFIRMED | FAILED
 * DEPOSIT_CONFIRMED      → PAYMENT_SENT | FAILED                (FAILED: invoice expired, stage CRYPTO_PAYMENT)
 * PAYMENT_SENT           → PAYMENT_CONFIRMED | FAILED
 * PAYMENT_CONFIRMED      → SETTLING | COMPLETED | FAILED | SETTLEMENT_UNCONFIRMED
 * SETTLING               → COMPLETED | FAILED | SETTLEMENT_UNCONFIRMED
 * SETTLEMENT_UNCONFIRMED → SETTLING | COMPLETED | FAILED      (the provider reports late)
 * FAILED                 → REFUNDED                           (only after a SETTLEMENT failure's crypto refund)
 * COMPLETED, REFUNDED    → nothing
 * </pre>
 */
public enum BridgeStatus {
    DEPOSIT_INITIATED, DEPOSIT_CONFIRMED, PAYMENT_SENT, PAYMENT_CONFIRMED, SETTLING, COMPLETED, FAILED, REFUNDED,
    SETTLEMENT_UNCONFIRMED;

    /** The statuses a provider settlement webhook may report (§16.8). */
    public static final Set<BridgeStatus> PROVIDER_REPORTABLE = EnumSet.of(SETTLING, COMPLETED, FAILED);

    public Set<BridgeStatus> next() {
        return switch (this) {
            case DEPOSIT_INITIATED -> EnumSet.of(DEPOSIT_CONFIRMED, FAILED);
            case DEPOSIT_CONFIRMED -> EnumSet.of(PAYMENT_SENT, FAILED);
            case PAYMENT_SENT -> EnumSet.of(PAYMENT_CONFIRMED, FAILED);
            case PAYMENT_CONFIRMED -> EnumSet.of(SETTLING, COMPLETED, FAILED, SETTLEMENT_UNCONFIRMED);
            case SETTLING -> EnumSet.of(COMPLETED, FAILED, SETTLEMENT_UNCONFIRMED);
            case SETTLEMENT_UNCONFIRMED -> EnumSet.of(SETTLING, COMPLETED, FAILED);
            case FAILED -> EnumSet.of(REFUNDED);
            case COMPLETED, REFUNDED -> EnumSet.noneOf(BridgeStatus.class);
        };
    }

    public boolean canMoveTo(BridgeStatus target) {
        return next().contains(target);
    }

    /** The stage of the flow a status belongs to (the {@code stage} member of the sandbox's callbacks). */
    public String stage() {
        return switch (this) {
            case DEPOSIT_INITIATED, DEPOSIT_CONFIRMED -> "DEPOSIT_COLLECTION";
            case PAYMENT_SENT, PAYMENT_CONFIRMED -> "CRYPTO_PAYMENT";
            case SETTLING, COMPLETED, SETTLEMENT_UNCONFIRMED, FAILED -> "SETTLEMENT";
            case REFUNDED -> "REFUND";
        };
    }

    public static BridgeStatus parse(String value) {
        for (BridgeStatus status : values()) {
            if (status.name().equals(value)) {
                return status;
            }
        }
        return null;
    }
}

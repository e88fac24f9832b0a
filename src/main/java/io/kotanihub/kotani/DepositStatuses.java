package io.kotanihub.kotani;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.kotanihub.model.PaymentStatus;

/**
 * Kotani's deposit statuses (REFERENCE §20.1: mobile-money collections, and both legs of an onramp) mapped to the
 * hub's {@link PaymentStatus}. Intermediate and "special" statuses ({@code DUPLICATE}, {@code ERROR_OCCURRED},
 * {@code REQUIRE_REVIEW}: held by Kotani, never retried by the hub) are PROCESSING; the exact Kotani status is kept
 * beside it in the ledger.
 */
public final class DepositStatuses {

    private static final Map<String, PaymentStatus> MAP = Map.ofEntries(
            Map.entry("PENDING", PaymentStatus.PROCESSING),
            Map.entry("INITIATED", PaymentStatus.PROCESSING),
            Map.entry("IN_PROGRESS", PaymentStatus.PROCESSING),
            Map.entry("RETRY", PaymentStatus.PROCESSING),
            Map.entry("DUPLICATE", PaymentStatus.PROCESSING),
            Map.entry("ERROR_OCCURRED", PaymentStatus.PROCESSING),
            Map.entry("REQUIRE_REVIEW", PaymentStatus.PROCESSING),
            Map.entry("SUCCESSFUL", PaymentStatus.SUCCESSFUL),
            Map.entry("SUCCESS", PaymentStatus.SUCCESSFUL),
            Map.entry("FAILED", PaymentStatus.FAILED),
            Map.entry("DECLINED", PaymentStatus.FAILED),
            Map.entry("PERMANENTLY_FAILED", PaymentStatus.FAILED),
            Map.entry("EXPIRED", PaymentStatus.EXPIRED),
            Map.entry("CANCELLED", PaymentStatus.CANCELLED),
            Map.entry("REVERSED", PaymentStatus.REVERSED));

    private DepositStatuses() { }

    /** The hub status for a Kotani deposit status; empty for a value the reference does not list. */
    public static Optional<PaymentStatus> map(String kotaniStatus) {
        return kotaniStatus == null ? Optional.empty()
                : Optional.ofNullable(MAP.get(kotaniStatus.trim().toUpperCase(Locale.ROOT)));
    }
}

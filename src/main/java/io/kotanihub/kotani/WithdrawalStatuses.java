package io.kotanihub.kotani;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.kotanihub.model.PaymentStatus;

/**
 * Kotani's withdrawal statuses (REFERENCE §20.2, plus the generic {@code SUCCESS} and {@code PERMANENTLY_FAILED} of
 * §20.1 that some providers report) mapped to the hub's {@link PaymentStatus}. Intermediate and "special" statuses
 * ({@code DUPLICATE_PENDING}, {@code ERROR_OCCURRED}, {@code REQUIRE_REVIEW}: held by Kotani, never retried by the
 * hub) are PROCESSING; the exact Kotani status is kept beside it in the ledger.
 */
public final class WithdrawalStatuses {

    private static final Map<String, PaymentStatus> MAP = Map.ofEntries(
            Map.entry("NOT_INITIATED", PaymentStatus.PROCESSING),
            Map.entry("PENDING", PaymentStatus.PROCESSING),
            Map.entry("INITIATED", PaymentStatus.PROCESSING),
            Map.entry("TRANSACTION_INITIATED", PaymentStatus.PROCESSING),
            Map.entry("IN_PROGRESS", PaymentStatus.PROCESSING),
            Map.entry("RETRY", PaymentStatus.PROCESSING),
            Map.entry("TRANSACTION_RETRY", PaymentStatus.PROCESSING),
            Map.entry("DUPLICATE_PENDING", PaymentStatus.PROCESSING),
            Map.entry("ERROR_OCCURRED", PaymentStatus.PROCESSING),
            Map.entry("REQUIRE_REVIEW", PaymentStatus.PROCESSING),
            Map.entry("SUCCESSFUL", PaymentStatus.SUCCESSFUL),
            Map.entry("SUCCESS", PaymentStatus.SUCCESSFUL),
            Map.entry("TRANSACTION_RETRY_SUCCESSFUL", PaymentStatus.SUCCESSFUL),
            Map.entry("FAILED", PaymentStatus.FAILED),
            Map.entry("TRANSACTION_RETRY_FAILED", PaymentStatus.FAILED),
            Map.entry("PERMANENTLY_FAILED", PaymentStatus.FAILED),
            Map.entry("DECLINED", PaymentStatus.FAILED),
            Map.entry("CANCELLED", PaymentStatus.CANCELLED),
            Map.entry("EXPIRED", PaymentStatus.EXPIRED),
            Map.entry("REVERSED", PaymentStatus.REVERSED));

    private WithdrawalStatuses() { }

    /** The hub status for a Kotani withdrawal status; empty for a value the reference does not list. */
    public static Optional<PaymentStatus> map(String kotaniStatus) {
        return kotaniStatus == null ? Optional.empty()
                : Optional.ofNullable(MAP.get(kotaniStatus.trim().toUpperCase(Locale.ROOT)));
    }
}

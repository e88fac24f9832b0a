package io.kotanihub.kotani;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.kotanihub.model.PaymentStatus;

/**
 * Kotani's onramp and offramp statuses mapped to the hub's {@link PaymentStatus}.
 * <ul>
 *   <li>Onramp (REFERENCE §12.2, §20.3): two legs with deposit statuses (§20.1), the fiat leg {@code depositStatus}
 *       and the chain leg {@code onchainStatus}. SUCCESSFUL needs both legs successful; a fiat leg that ends
 *       otherwise ends the onramp the same way (FAILED, CANCELLED, EXPIRED, ...); a chain leg that fails after the
 *       fiat was paid is retried by Kotani (the fiat meanwhile credited to the integrator), so it stays
 *       PROCESSING.</li>
 *   <li>Offramp (§13.1, §20.4): PENDING, CRYPTO_RECEIVED and PROCESSING are PROCESSING; SUCCESSFUL (or SUCCESS) is
 *       SUCCESSFUL; FAILED after the tokens were received ({@code onchainStatus} SUCCESSFUL) is REFUND_PENDING,
 *       because Kotani then refunds the tokens automatically; FAILED before that is FAILED; REFUND_PENDING stays,
 *       REFUNDED and REVERSED (refund completed) are REVERSED, REFUND_FAILED (retries exhausted) is REFUND_FAILED;
 *       TIMEOUT (tokens never arrived) is EXPIRED; CANCELLED is CANCELLED.</li>
 * </ul>
 */
public final class RampStatuses {

    private static final Map<String, PaymentStatus> OFFRAMP = Map.ofEntries(
            Map.entry("PENDING", PaymentStatus.PROCESSING),
            Map.entry("CRYPTO_RECEIVED", PaymentStatus.PROCESSING),
            Map.entry("PROCESSING", PaymentStatus.PROCESSING),
            Map.entry("SUCCESSFUL", PaymentStatus.SUCCESSFUL),
            Map.entry("SUCCESS", PaymentStatus.SUCCESSFUL),
            Map.entry("FAILED", PaymentStatus.FAILED),
            Map.entry("REFUND_PENDING", PaymentStatus.REFUND_PENDING),
            Map.entry("REFUNDED", PaymentStatus.REVERSED),
            Map.entry("REVERSED", PaymentStatus.REVERSED),
            Map.entry("REFUND_FAILED", PaymentStatus.REFUND_FAILED),
            Map.entry("TIMEOUT", PaymentStatus.EXPIRED),
            Map.entry("CANCELLED", PaymentStatus.CANCELLED));

    private RampStatuses() { }

    /** The hub status of an onramp from its two legs; empty when the fiat leg's status is not in the reference. */
    public static Optional<PaymentStatus> onramp(String depositStatus, String onchainStatus) {
        Optional<PaymentStatus> fiat = DepositStatuses.map(depositStatus);
        if (fiat.isEmpty() || fiat.get() != PaymentStatus.SUCCESSFUL) {
            return fiat;
        }
        return DepositStatuses.map(onchainStatus).filter(chain -> chain == PaymentStatus.SUCCESSFUL)
                .or(() -> Optional.of(PaymentStatus.PROCESSING));
    }

    /** The hub status of an offramp; empty for a status the reference does not list. */
    public static Optional<PaymentStatus> offramp(String status, String onchainStatus) {
        Optional<PaymentStatus> mapped = status == null ? Optional.empty()
                : Optional.ofNullable(OFFRAMP.get(status.trim().toUpperCase(Locale.ROOT)));
        if (mapped.isPresent() && mapped.get() == PaymentStatus.FAILED
                && DepositStatuses.map(onchainStatus).filter(s -> s == PaymentStatus.SUCCESSFUL).isPresent()) {
            return Optional.of(PaymentStatus.REFUND_PENDING);
        }
        return mapped;
    }
}

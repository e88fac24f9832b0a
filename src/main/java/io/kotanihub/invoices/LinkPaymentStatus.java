package io.kotanihub.invoices;

import java.util.Locale;

/**
 * Payment-link payment statuses (REFERENCE §20.5, in capitals) and how the hub orders them: PENDING, PROCESSING,
 * then the terminal FAILED / CANCELLED / EXPIRED, which a late correction may still turn into SUCCESSFUL (§19.5);
 * nothing moves back.
 */
final class LinkPaymentStatus {

    private LinkPaymentStatus() { }

    /** §20.5 from the underlying deposit's §20.1 status. */
    static String fromDeposit(String depositStatus) {
        if (depositStatus == null) {
            return "PENDING";
        }
        return switch (depositStatus.toUpperCase(Locale.ROOT)) {
            case "PENDING" -> "PENDING";
            case "SUCCESSFUL", "SUCCESS" -> "SUCCESSFUL";
            case "CANCELLED" -> "CANCELLED";
            case "EXPIRED" -> "EXPIRED";
            case "FAILED", "DECLINED", "REVERSED", "PERMANENTLY_FAILED", "DUPLICATE" -> "FAILED";
            default -> "PROCESSING";
        };
    }

    /** A §20.5 status as Kotani writes it (lowercase) in the hub's capitals; unknown values count as PROCESSING. */
    static String fromLink(String linkStatus) {
        if (linkStatus == null) {
            return "PENDING";
        }
        String status = linkStatus.toUpperCase(Locale.ROOT);
        return switch (status) {
            case "PENDING", "PROCESSING", "SUCCESSFUL", "FAILED", "CANCELLED", "EXPIRED" -> status;
            default -> "PROCESSING";
        };
    }

    static int rank(String status) {
        return switch (status) {
            case "PENDING" -> 0;
            case "PROCESSING" -> 1;
            case "SUCCESSFUL" -> 3;
            default -> 2;
        };
    }

    static boolean isFinal(String status) {
        return rank(status) >= 2;
    }
}

package io.kotanihub.sandbox.core;

import java.time.Duration;

/**
 * The sandbox's reserved phone numbers (REFERENCE §21): only the last nine digits count, so any country prefix
 * works. Any other number succeeds after the normal delay.
 */
public final class PhoneOutcomes {

    private PhoneOutcomes() { }

    /** How a payment to or from a phone number ends. {@code finalStatus} null means it never settles. */
    public record Outcome(String finalStatus, String errorCode, String errorMessage, int delayFactor,
                          String registeredName) {
        public boolean settles() { return finalStatus != null; }
        public boolean succeeds() { return "SUCCESSFUL".equals(finalStatus); }
        /** When it settles, given the configured base delay (the slow case is twelve times it: ~60 s for ~5 s). */
        public Duration delay(Duration settleDelay) { return settleDelay.multipliedBy(delayFactor); }
    }

    public static Outcome forPhone(String phone) {
        String digits = phone == null ? "" : phone.replaceAll("\\D", "");
        String last9 = digits.length() >= 9 ? digits.substring(digits.length() - 9) : digits;
        return switch (last9) {
            case "700000001" -> new Outcome("SUCCESSFUL", null, null, 1, "JANE MARY DOE");
            case "700000002" -> new Outcome("SUCCESSFUL", null, null, 1, "ROBERT JAMES SMITH");
            case "700000010" -> new Outcome("FAILED", "INSUFFICIENT_FUNDS", "Insufficient funds", 1, null);
            case "700000011" -> new Outcome("FAILED", "ACCOUNT_NOT_FOUND", "Account not found", 1, null);
            case "700000012" -> new Outcome("FAILED", "LIMIT_EXCEEDED", "Transaction limit exceeded", 1, null);
            case "700000013" -> new Outcome("CANCELLED", "CANCELLED_BY_CUSTOMER", "Cancelled by customer", 1, null);
            case "700000020" -> new Outcome(null, null, null, 0, null);
            case "700000021" -> new Outcome("SUCCESSFUL", null, null, 12, null);
            default -> new Outcome("SUCCESSFUL", null, null, 1, null);
        };
    }
}

package io.kotanihub.sandbox.payments;

import java.math.BigDecimal;
import java.util.Set;

import io.kotanihub.sandbox.core.PhoneOutcomes;
import io.kotanihub.sandbox.core.PhoneOutcomes.Outcome;

/**
 * How a sandbox payment ends (REFERENCE §21, extended where the reference is silent):
 * <ul>
 *   <li>mobile money deposits and withdrawals: by the customer's phone number ({@link PhoneOutcomes}; only the
 *       last nine digits count); a customer without a phone (a bank identity) is treated like a bank payout to its
 *       account number;</li>
 *   <li>bank payouts: by {@code bankDetails.phoneNumber} when it is one of the reserved numbers, else by the
 *       account number: {@code 1000000005} fails "Account not found", {@code 1000000006} fails "Bank account not
 *       supported", {@code 1000000007} fails "Provider error", every other account succeeds;</li>
 *   <li>Paybill and Lipa na M-Pesa (till) payouts: by their {@code phoneNumber} when it is reserved, else by the
 *       shortcode: {@code 100002} fails "Business number not found", {@code 100003} fails "Provider error", every
 *       other shortcode succeeds.</li>
 * </ul>
 * Every outcome settles after the settle delay, the slow number after twelve times it, and {@code 700000020}
 * never settles.
 */
public final class Outcomes {

    private static final Set<String> RESERVED = Set.of("700000001", "700000002", "700000010", "700000011",
            "700000012", "700000013", "700000020", "700000021");

    private Outcomes() { }

    /** True when the phone number's last nine digits are one of §21's reserved payment numbers. */
    public static boolean reserved(String phone) {
        String digits = Countries.digits(phone);
        return digits.length() >= 9 && RESERVED.contains(digits.substring(digits.length() - 9));
    }

    public static Outcome forPhone(String phone) {
        return PhoneOutcomes.forPhone(phone);
    }

    public static Outcome forBank(String phone, String accountNumber) {
        if (reserved(phone)) {
            return PhoneOutcomes.forPhone(phone);
        }
        String account = accountNumber == null ? "" : accountNumber.trim();
        return switch (account) {
            case "1000000005" -> failed("ACCOUNT_NOT_FOUND", "Account not found");
            case "1000000006" -> failed("UNSUPPORTED_ACCOUNT", "Bank account not supported");
            case "1000000007" -> failed("PROVIDER_ERROR", "Provider error");
            default -> PhoneOutcomes.forPhone(null);
        };
    }

    public static Outcome forShortcode(String phone, String shortcode) {
        if (reserved(phone)) {
            return PhoneOutcomes.forPhone(phone);
        }
        String code = shortcode == null ? "" : shortcode.trim();
        return switch (code) {
            case "100002" -> failed("ACCOUNT_NOT_FOUND", "Business number not found");
            case "100003" -> failed("PROVIDER_ERROR", "Provider error");
            default -> PhoneOutcomes.forPhone(null);
        };
    }

    /**
     * Bank checkouts (the reference gives no table; §21 says Kotani's sandbox does not simulate them): by the
     * payer's phone when it is reserved, else by the amount's cents: {@code .51} fails "Payment declined by bank",
     * {@code .52} is cancelled by the customer, {@code .53} expires unpaid, {@code .54} never settles; every
     * other amount succeeds.
     */
    public static Outcome forAmount(String phone, BigDecimal amount) {
        if (reserved(phone)) {
            return PhoneOutcomes.forPhone(phone);
        }
        int cents = amount.movePointRight(2).remainder(BigDecimal.valueOf(100)).intValue();
        return switch (cents) {
            case 51 -> failed("PAYMENT_DECLINED", "Payment declined by bank");
            case 52 -> new Outcome("CANCELLED", "CANCELLED_BY_CUSTOMER", "Cancelled by customer", 1, null);
            case 53 -> new Outcome("EXPIRED", "PAYMENT_EXPIRED", "Customer did not complete the payment in time",
                    1, null);
            case 54 -> new Outcome(null, null, null, 0, null);
            default -> PhoneOutcomes.forPhone(null);
        };
    }

    /** Card numbers that end a card deposit (§9.6) without 3-D Secure; see {@link #THREE_DS_CARDS}. */
    public static Outcome forCard(String number) {
        String digits = Countries.digits(number);
        return switch (digits) {
            case "4000000000000002" -> failed("CARD_DECLINED", "Card declined");
            case "4000000000009995" -> failed("INSUFFICIENT_FUNDS", "Insufficient funds");
            case "4000000000000069" -> failed("EXPIRED_CARD", "Card expired");
            default -> PhoneOutcomes.forPhone(null);
        };
    }

    /** Card numbers whose deposit waits for a 3-D Secure challenge at its {@code redirect_url}. */
    public static final Set<String> THREE_DS_CARDS = Set.of("4000000000003220", "5200000000001096");

    /** A 3-D Secure challenge nobody answered in time. */
    static final Outcome THREE_DS_EXPIRED = new Outcome("EXPIRED", "3DS_TIMEOUT",
            "3-D Secure authentication was not completed in time", 1, null);

    /** A failed 3-D Secure challenge. */
    static final Outcome THREE_DS_FAILED = new Outcome("FAILED", "3DS_AUTHENTICATION_FAILED",
            "3-D Secure authentication failed", 1, null);

    private static Outcome failed(String code, String message) {
        return new Outcome("FAILED", code, message, 1, null);
    }
}

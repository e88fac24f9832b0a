package io.kotanihub.sandbox.payments;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The account-validation tables of §21 and the token-based name matching of §7.5.
 *
 * <p>Numbers outside the tables resolve to a registered holder: the name the caller provided (upper-cased), else
 * {@code SANDBOX CUSTOMER} ({@code SANDBOX BUSINESS} for shortcodes), so that ordinary test numbers validate.
 */
public final class NameLookup {

    /** The name-match threshold Kotani's examples use. */
    public static final int THRESHOLD = 70;

    private NameLookup() { }

    /**
     * One lookup result. {@code accountName} is what the caller is shown (masked for the masked case),
     * {@code realName} what matching compares against.
     */
    public record Result(String status, String accountName, String realName, boolean masked, String accountStatus,
                         String reason) {
        public boolean matched() { return "MATCHED".equals(status); }
        /** NOT_FOUND and ACCOUNT_UNAVAILABLE prove the destination unusable (§7.5). */
        public boolean unusable() { return "NOT_FOUND".equals(status) || "ACCOUNT_UNAVAILABLE".equals(status); }
    }

    /** The match of a provided name against the holder's name. */
    public record Match(String provided, int score, boolean matched, int threshold, boolean masked) { }

    /** Phone numbers: only the last nine digits count. */
    public static Result phone(String phone, String providedName) {
        String digits = Countries.digits(phone);
        String last9 = digits.length() >= 9 ? digits.substring(digits.length() - 9) : digits;
        return switch (last9) {
            case "700000001" -> matched("JANE MARY DOE", "ACTIVE");
            case "700000002" -> matched("ROBERT JAMES SMITH", "ACTIVE");
            case "700000003" -> notMatched("NOT_FOUND", "No mobile money account is registered to this number");
            case "700000004" -> notMatched("UNSUPPORTED", "Name lookup is not supported for this network");
            case "700000005" -> notMatched("TIMEOUT", "The network did not answer the name lookup in time");
            case "700000006" -> notMatched("ERROR", "The network returned an error for the name lookup");
            case "700000007" -> new Result("MATCHED", mask("JANE MARY DOE"), "JANE MARY DOE", true, "ACTIVE", null);
            default -> matched(fallback(providedName, "SANDBOX CUSTOMER"), "ACTIVE");
        };
    }

    /** Bank accounts: exact account numbers. */
    public static Result bank(String accountNumber, String providedName) {
        return switch (accountNumber.trim()) {
            case "1000000001" -> matched("JANE MARY DOE", "ACTIVE");
            case "1000000002" -> matched("ROBERT JAMES SMITH", "ACTIVE");
            case "1000000003" -> matched("JANE MARY DOE", "FROZEN");
            case "1000000004" -> matched("ROBERT JAMES SMITH", "RESTRICTED");
            case "1000000005" -> notMatched("NOT_FOUND", "No account exists with this account number");
            case "1000000006" -> notMatched("UNSUPPORTED", "Name lookup is not supported for this bank");
            case "1000000007" -> notMatched("ERROR", "The bank returned an error for the name lookup");
            default -> matched(fallback(providedName, "SANDBOX CUSTOMER"), "ACTIVE");
        };
    }

    /** Paybill and till shortcodes. */
    public static Result shortcode(String shortCode, String providedName) {
        return switch (shortCode.trim()) {
            case "100001" -> matched("ACME TRADING LIMITED", "ACTIVE");
            case "100002" -> notMatched("NOT_FOUND", "No business is registered to this shortcode");
            case "100003" -> notMatched("ERROR", "The network returned an error for the name lookup");
            default -> matched(fallback(providedName, "SANDBOX BUSINESS"), "ACTIVE");
        };
    }

    /**
     * Token-based matching: case, punctuation and order are ignored; a provided token equal to one of the holder's
     * counts fully, an initial ({@code M} or {@code M.}) matching the first letter of an unused holder token counts
     * three quarters; missing middle names cost nothing. Score = 100 × credit / max(provided tokens, 2 when the holder
     * has two or more names), so a single surname alone does not pass.
     */
    public static Match match(String provided, String holderName, boolean masked) {
        List<String> wanted = tokens(provided);
        List<String> holder = new ArrayList<>(tokens(holderName));
        double credit = 0;
        List<String> initials = new ArrayList<>();
        for (String token : wanted) {
            if (token.length() == 1) {
                initials.add(token);
            } else if (holder.remove(token)) {
                credit += 1;
            }
        }
        for (String initial : initials) {
            String hit = holder.stream().filter(h -> h.startsWith(initial)).findFirst().orElse(null);
            if (hit != null) {
                holder.remove(hit);
                credit += 0.75;
            }
        }
        int holderCount = tokens(holderName).size();
        int denominator = Math.max(wanted.size(), Math.min(2, holderCount));
        int score = denominator == 0 ? 0 : (int) Math.round(100 * credit / denominator);
        return new Match(provided, score, score >= THRESHOLD, THRESHOLD, masked);
    }

    static List<String> tokens(String name) {
        if (name == null) {
            return List.of();
        }
        return Arrays.stream(name.toUpperCase(Locale.ROOT).split("[^\\p{L}]+")).filter(t -> !t.isEmpty()).toList();
    }

    /** {@code JANE MARY DOE} → {@code J*** M*** D**}. */
    static String mask(String name) {
        return String.join(" ", tokens(name).stream().map(t -> t.charAt(0) + "*".repeat(t.length() - 1)).toList());
    }

    private static String fallback(String provided, String otherwise) {
        return provided == null || provided.isBlank() ? otherwise : provided.trim().toUpperCase(Locale.ROOT);
    }

    private static Result matched(String name, String accountStatus) {
        return new Result("MATCHED", name, name, false, accountStatus, null);
    }

    private static Result notMatched(String status, String reason) {
        return new Result(status, null, null, false, null, reason);
    }
}

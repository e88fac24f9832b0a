package io.kotanihub.common.logging;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks personal data and secrets in a log line, whatever code wrote it: phone and account numbers (every isolated
 * run of nine or more digits keeps only its last three, also after a URL-encoded plus, at the end of a sentence, or
 * written as {@code +254-700-000-001}), API keys and webhook secrets, bearer tokens and other Authorization values,
 * HMAC signatures, and the values of JSON (also escaped JSON) or key=value members named like secrets or signatures.
 */
public final class LogMasker {

    private record Rule(Pattern pattern, java.util.function.Function<Matcher, String> replacement) { }

    private static final List<Rule> RULES = List.of(
            // JSON members named like secrets, also inside JSON quoted in a message or exception (\"api_key\":\"...\")
            new Rule(Pattern.compile("(?i)(\\\\?\"(?:[a-z_]*secret|api[-_]?key|password|token|signature)\\\\?\"\\s*:\\s*\\\\?\")"
                    + "[^\"\\\\]*(\\\\?\")"), m -> m.group(1) + "****" + m.group(2)),
            new Rule(Pattern.compile("(?i)\\b((?:[a-z_.-]*secret|api[-_]?key|password|token)\\s*[=:]\\s*)(?![\"\\s])[^\\s,;&}\\]]+"),
                    m -> m.group(1) + "****"),
            new Rule(Pattern.compile("(?i)(bearer\\s+)[^\\s\"',;]+"), m -> m.group(1) + "****"),
            new Rule(Pattern.compile("(?i)(authorization\\s*[=:]\\s*(?!bearer\\s)(?:[a-z]+\\s+)?)[^\\s\"',;]+"),
                    m -> m.group(1) + "****"),
            new Rule(Pattern.compile("\\b(sk|pk|whsec|hub)_[A-Za-z0-9_+/=-]{3,}"), m -> m.group(1) + "_****"),
            new Rule(Pattern.compile("(?i)\\bsha256=[0-9a-f]{16,}"), m -> "sha256=****"),
            new Rule(Pattern.compile("\\bv1,[A-Za-z0-9+/]{20,}={0,2}"), m -> "v1,****"),
            // signature=... / signature: ... in any other form than the two above
            new Rule(Pattern.compile("(?i)\\b([a-z_.-]*signature\\s*[=:]\\s*)(?!sha256=\\*|v1,\\*)(?![\"\\s])[^\\s,;&}\\]]+"),
                    m -> m.group(1) + "****"),
            // international numbers written with separators: +254-700-000-001, +254 (0) 700.000.001
            new Rule(Pattern.compile("(?<![\\w+])\\+\\d{1,4}(?:[-. ()]{1,3}\\d{1,4}){2,6}(?![\\w])"), LogMasker::separated),
            // any other run of nine or more digits (spaces allowed), also after a URL-encoded plus (%2B)
            new Rule(Pattern.compile("(?<![\\w.-])(\\+|%2[Bb])?(\\d[\\d ]{7,}\\d)(?!\\w|\\.\\d)"), LogMasker::digits));

    private LogMasker() { }

    public static String mask(String line) {
        if (line == null || line.isEmpty()) {
            return line;
        }
        String masked = line;
        for (Rule rule : RULES) {
            Matcher matcher = rule.pattern().matcher(masked);
            StringBuilder out = new StringBuilder(masked.length());
            boolean changed = false;
            while (matcher.find()) {
                matcher.appendReplacement(out, Matcher.quoteReplacement(rule.replacement().apply(matcher)));
                changed = true;
            }
            if (changed) {
                matcher.appendTail(out);
                masked = out.toString();
            }
        }
        return masked;
    }

    /** A phone or account number: keep the last three digits (nine or more digits in all, spaces allowed). */
    private static String digits(Matcher matcher) {
        String number = matcher.group(2).replace(" ", "");
        if (number.length() < 9) {
            return matcher.group();
        }
        String prefix = matcher.group(1) == null ? "" : matcher.group(1);
        return prefix + "*".repeat(number.length() - 3) + number.substring(number.length() - 3);
    }

    /** A number with separators: masked when it has nine or more digits, keeping the last three digits only. */
    private static String separated(Matcher matcher) {
        String digits = matcher.group().replaceAll("[^0-9]", "");
        if (digits.length() < 9) {
            return matcher.group();
        }
        return "+" + "*".repeat(digits.length() - 3) + digits.substring(digits.length() - 3);
    }

    /** For code that formats its own log arguments: a phone or account number with only its last three digits. */
    public static String number(String value) {
        if (value == null) {
            return null;
        }
        String digits = value.replaceAll("[^0-9]", "");
        if (digits.length() <= 3) {
            return "***";
        }
        return (value.startsWith("+") ? "+" : "") + "*".repeat(digits.length() - 3) + digits.substring(digits.length() - 3);
    }
}

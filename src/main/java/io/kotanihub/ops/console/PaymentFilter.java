package io.kotanihub.ops.console;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import io.kotanihub.model.PaymentMethod;
import io.kotanihub.model.PaymentStatus;
import io.kotanihub.model.PaymentType;

/**
 * The payments list's filter, as it stands in the page's URL ({@code ?status=FAILED&batch=...&q=<prefix>}) and in
 * the API's and the CSV export's parameters. Empty parameters mean "any". Dates are UTC: a day ({@code 2026-12-01})
 * or a local date-time ({@code 2026-12-01T08:00}, as a browser's date-time field sends it) or an instant; {@code to}
 * given as a day includes that whole day. {@code on} says which date the range is about: {@code created} (default)
 * or {@code completed}. Anything else is refused with a message ({@link IllegalArgumentException}).
 */
public record PaymentFilter(String status, String type, String method, String source, String batch, String currency,
                            String code, boolean onCompleted, Instant from, Instant to, String prefix) {

    private static final Pattern WORD = Pattern.compile("[A-Za-z0-9_.:-]{1,128}");
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3,8}");

    public static final PaymentFilter NONE = new PaymentFilter(null, null, null, null, null, null, null, false, null,
            null, null);

    public static PaymentFilter of(Map<String, String> params) {
        String on = text(params, "on");
        if (on != null && !on.equals("created") && !on.equals("completed")) {
            throw new IllegalArgumentException("on must be created or completed");
        }
        String currency = text(params, "currency");
        if (currency != null && !CURRENCY.matcher(currency.toUpperCase()).matches()) {
            throw new IllegalArgumentException("currency must be a currency code such as KES");
        }
        String prefix = text(params, "q");
        if (prefix != null && prefix.length() > 128) {
            throw new IllegalArgumentException("q (a reference prefix) is at most 128 characters");
        }
        Instant from = date(params, "from", false);
        Instant to = date(params, "to", true);
        if (from != null && to != null && !from.isBefore(to)) {
            throw new IllegalArgumentException("from must be before to");
        }
        return new PaymentFilter(named(params, "status", PaymentStatus.class), named(params, "type", PaymentType.class),
                named(params, "method", PaymentMethod.class), word(params, "source"), word(params, "batch"),
                currency == null ? null : currency.toUpperCase(), word(params, "code"), "completed".equals(on), from, to,
                prefix);
    }

    /** The SQL condition ({@code where ...}, or empty) and its arguments, in order. */
    Condition condition() {
        List<String> parts = new ArrayList<>();
        List<Object> args = new ArrayList<>();
        add(parts, args, "status = ?", status);
        add(parts, args, "type = ?", type);
        add(parts, args, "method = ?", method);
        add(parts, args, "source = ?", source);
        add(parts, args, "batch_id = ?", batch);
        add(parts, args, "currency = ?", currency);
        add(parts, args, "last_error_code = ?", code);
        String column = onCompleted ? "completed_at" : "created_at";
        add(parts, args, column + " >= ?", from == null ? null : from.atOffset(ZoneOffset.UTC));
        add(parts, args, column + " < ?", to == null ? null : to.atOffset(ZoneOffset.UTC));
        if (onCompleted) {
            // a payment completes after it was created: the same upper bound on created_at changes no answer and
            // lets the list walk its (created_at, id) index newest first from there instead of sorting a day's rows
            add(parts, args, "created_at < ?", to == null ? null : to.atOffset(ZoneOffset.UTC));
        }
        if (prefix != null) {
            parts.add("reference like ? escape '\\'");
            args.add(prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
        }
        return new Condition(parts, args);
    }

    /**
     * The ORDER BY of the list: newest first, after the column of one equality filter (batch, then Kotani error code, status, type,
     * method, source, currency), whose value is fixed so the order is the same; written out, it lets H2 read the
     * page in the order of that filter's index {@code (column, created_at, id)} instead of sorting every match.
     */
    String order() {
        String lead = batch != null ? "batch_id" : code != null ? "last_error_code" : status != null ? "status"
                : type != null ? "type"
                : method != null ? "method" : source != null ? "source" : currency != null ? "currency" : null;
        return (lead == null ? "" : lead + " desc, ") + "created_at desc, id desc";
    }

    /**
     * The index H2 reads the list through: the one of the ORDER BY's lead column, {@code (column, created_at, id)}, or
     * {@code (created_at, id)}. Left to choose, H2 may take another index on the same column, {@code (status,
     * next_check_at)} or {@code (completed_at, status)}, and read and sort every match (20,000 failed payments, a
     * day's 144,000 completed ones: seconds on cold pages) instead of the page's 51 rows.
     */
    String index() {
        String lead = batch != null ? "batch" : code != null ? "code" : status != null ? "status"
                : type != null ? "type" : method != null ? "method" : source != null ? "source"
                : currency != null ? "currency" : null;
        return lead == null ? "ix_payments_created" : "ix_payments_" + lead + "_created";
    }

    /** The filter as URL parameters (only those set), for links and for the page's echo of what it shows. */
    public Map<String, String> parameters() {
        Map<String, String> out = new LinkedHashMap<>();
        put(out, "status", status);
        put(out, "type", type);
        put(out, "method", method);
        put(out, "source", source);
        put(out, "batch", batch);
        put(out, "currency", currency);
        put(out, "code", code);
        if (onCompleted) {
            out.put("on", "completed");
        }
        put(out, "from", from == null ? null : from.toString());
        put(out, "to", to == null ? null : to.toString());
        put(out, "q", prefix);
        return out;
    }

    record Condition(List<String> parts, List<Object> args) {
        String where(String... more) {
            List<String> all = new ArrayList<>(parts);
            all.addAll(List.of(more));
            return all.isEmpty() ? "" : " where " + String.join(" and ", all);
        }
    }

    private static void add(List<String> parts, List<Object> args, String sql, Object value) {
        if (value != null) {
            parts.add(sql);
            args.add(value);
        }
    }

    private static void put(Map<String, String> out, String name, String value) {
        if (value != null) {
            out.put(name, value);
        }
    }

    static String text(Map<String, String> params, String name) {
        String value = params.get(name);
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static <E extends Enum<E>> String named(Map<String, String> params, String name, Class<E> type) {
        String value = text(params, name);
        if (value == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, value.toUpperCase()).name();
        } catch (IllegalArgumentException unknown) {
            throw new IllegalArgumentException(name + " must be one of " + List.of(type.getEnumConstants()));
        }
    }

    private static String word(Map<String, String> params, String name) {
        String value = text(params, name);
        if (value != null && !WORD.matcher(value).matches()) {
            throw new IllegalArgumentException(name + " must be letters, digits, '_', '.', ':' or '-' (at most 128)");
        }
        return value;
    }

    /** A day, a local date-time or an instant, in UTC; an end given as a day is the start of the next day. */
    static Instant date(Map<String, String> params, String name, boolean end) {
        String value = text(params, name);
        if (value == null) {
            return null;
        }
        try {
            if (value.length() == 10) {
                LocalDate day = LocalDate.parse(value);
                return (end ? day.plusDays(1) : day).atStartOfDay().toInstant(ZoneOffset.UTC);
            }
            if (value.endsWith("Z") || value.matches(".*[+-]\\d\\d:\\d\\d$")) {
                return OffsetDateTime.parse(value).toInstant();
            }
            return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + " must be a date (2026-12-01), a date-time (2026-12-01T08:00) "
                    + "or an instant (2026-12-01T08:00:00Z)");
        }
    }
}

package io.kotanihub.common.logging;

import java.util.Collection;
import java.util.Iterator;

/**
 * Keeps text taken from input (CSV headers and cells, references, JSON fields, Kafka keys, webhook event names,
 * exception messages built from input) from flooding the log. Code that logs such a value bounds it with
 * {@link #value(Object)} or summarises a list with {@link #summary(Collection)}; as a last guard, the logging layer
 * ({@code ops.logging}'s MaskingMessageConverter, MaskingThrowableConverter and HubLogEncoder) cuts every message
 * beyond {@link #MAX_MESSAGE} characters and every stack-trace line beyond the same, with a marker saying how much
 * was left out.
 */
public final class LogText {

    /** Longest single value from input shown in a log line. */
    public static final int MAX_VALUE = 120;

    /** Values of a list shown before "and N more". */
    public static final int MAX_LISTED = 5;

    /** Longest message (and longest stack-trace line) the logging layer writes. */
    public static final int MAX_MESSAGE = 8192;

    /** Longest stack trace (all its lines) the logging layer writes. */
    public static final int MAX_TRACE = 65536;

    /** How far a cut moves back so that it does not split a number or a token (which masking must see whole). */
    private static final int MAX_BACK_OFF = 256;

    private LogText() { }

    /**
     * A value from input for a log line: control characters (line breaks that would forge log lines) shown as
     * {@code ?}, and at most {@link #MAX_VALUE} characters, then how many more there were.
     */
    public static String value(Object value) {
        return value(value, MAX_VALUE);
    }

    /** {@link #value(Object)} with another limit. */
    public static String value(Object value, int max) {
        if (value == null) {
            return "null";
        }
        String text = String.valueOf(value);
        int shown = Math.min(text.length(), max);
        if (shown < text.length() && Character.isHighSurrogate(text.charAt(shown - 1))) {
            shown--;
        }
        StringBuilder out = new StringBuilder(shown + 32);
        for (int i = 0; i < shown; i++) {
            char c = text.charAt(i);
            out.append(Character.isISOControl(c) ? '?' : c);
        }
        if (shown < text.length()) {
            out.append("…(").append(text.length() - shown).append(" more characters)");
        }
        return out.toString();
    }

    /** A list from input: its first {@link #MAX_LISTED} values, each bounded, then "and N more". */
    public static String summary(Collection<?> values) {
        StringBuilder out = new StringBuilder("[");
        Iterator<?> it = values.iterator();
        for (int i = 0; i < MAX_LISTED && it.hasNext(); i++) {
            out.append(i == 0 ? "" : ", ").append(value(it.next(), 40));
        }
        out.append(']');
        if (values.size() > MAX_LISTED) {
            out.append(" and ").append(values.size() - MAX_LISTED).append(" more");
        }
        return out.toString();
    }

    /**
     * A whole log message, at most {@link #MAX_MESSAGE} characters (plus a marker). Applied before masking; the cut
     * never splits a run of non-blank characters (a number, a key) shorter than a few hundred characters, so that
     * masking still recognises what is left.
     */
    public static String capMessage(String message) {
        if (message == null || message.length() <= MAX_MESSAGE) {
            return message;
        }
        return message.substring(0, cutPoint(message, MAX_MESSAGE)) + " …[log message truncated: "
                + message.length() + " characters in all]";
    }

    /** A stack trace: each line as {@link #capMessage(String)}, and at most {@link #MAX_TRACE} characters in all. */
    public static String capTrace(String trace) {
        if (trace == null || trace.isEmpty()) {
            return trace;
        }
        boolean longLine = false;
        for (int start = 0, end; start < trace.length(); start = end + 1) {
            end = trace.indexOf('\n', start);
            if (end < 0) {
                end = trace.length();
            }
            if (end - start > MAX_MESSAGE) {
                longLine = true;
                break;
            }
        }
        if (!longLine && trace.length() <= MAX_TRACE) {
            return trace;
        }
        StringBuilder out = new StringBuilder(Math.min(trace.length(), MAX_TRACE + 256));
        for (int start = 0, end; start < trace.length(); start = end + 1) {
            end = trace.indexOf('\n', start);
            if (end < 0) {
                end = trace.length();
            }
            String line = capMessage(trace.substring(start, end));
            if (out.length() + line.length() > MAX_TRACE) {
                out.append("\t…[stack trace truncated: ").append(trace.length()).append(" characters in all]")
                        .append(System.lineSeparator());
                break;
            }
            out.append(line);
            if (end < trace.length()) {
                out.append('\n');
            }
        }
        return out.toString();
    }

    private static int cutPoint(String text, int max) {
        int cut = max;
        if (Character.isLowSurrogate(text.charAt(cut))) {
            cut--;
        }
        int limit = Math.max(0, cut - MAX_BACK_OFF);
        int back = cut;
        while (back > limit && !Character.isWhitespace(text.charAt(back - 1)) && !Character.isWhitespace(text.charAt(back))) {
            back--;
        }
        return back > limit ? back : cut;
    }
}

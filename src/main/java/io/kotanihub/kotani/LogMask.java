package io.kotanihub.kotani;

/** Personal data in log lines: phone and account numbers keep only their last four characters. */
public final class LogMask {

    private static final int VISIBLE = 4;

    private LogMask() { }

    /** {@code +254700000001} becomes {@code *********0001}; short values are masked entirely. */
    public static String number(String value) {
        if (value == null) {
            return null;
        }
        if (value.length() <= VISIBLE) {
            return "*".repeat(value.length());
        }
        return "*".repeat(value.length() - VISIBLE) + value.substring(value.length() - VISIBLE);
    }
}

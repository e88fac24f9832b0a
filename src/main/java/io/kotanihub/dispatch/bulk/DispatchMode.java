package io.kotanihub.dispatch.bulk;

import java.util.Locale;

/**
 * How a batch's rows go to Kotani ({@code hub.files.dispatch-mode}, or a REST batch's {@code dispatchMode}):
 * one create call per row, through Kotani's bulk payments API (REFERENCE §15) for the rows it can take, or
 * {@code auto}: bulk when that is faster at the configured rate limits.
 */
public enum DispatchMode {
    PER_PAYMENT, BULK, AUTO;

    /** {@code per-payment}, {@code bulk} or {@code auto} (case and {@code -}/{@code _} ignored); null for blank. */
    public static DispatchMode parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String name = text.strip().toUpperCase(Locale.ROOT).replace('-', '_');
        for (DispatchMode mode : values()) {
            if (mode.name().equals(name)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("dispatchMode must be per-payment, bulk or auto, not '" + text + "'");
    }

    /** The configuration spelling: {@code per-payment}, {@code bulk}, {@code auto}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}

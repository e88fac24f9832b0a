package io.kotanihub.common.logging;

import org.slf4j.MDC;

/**
 * Puts the payment reference and batch id of the work a thread is doing into the logging MDC, so that every log line
 * written meanwhile (by the hub, the Kotani client, Camel) carries them ({@code %paymentContext} in the text pattern,
 * {@code reference} and {@code batchId} members in JSON). Used as a try-with-resources scope around dispatch, status
 * checks, webhook apply and batch processing; closing it restores what the thread had before (scopes nest).
 */
public final class PaymentMdc implements AutoCloseable {

    /** MDC key of the payment's reference. */
    public static final String REFERENCE = "reference";
    /** MDC key of the batch id (file or API batch). */
    public static final String BATCH_ID = "batchId";

    private final String previousReference;
    private final String previousBatchId;

    private PaymentMdc(String reference, String batchId) {
        this.previousReference = MDC.get(REFERENCE);
        this.previousBatchId = MDC.get(BATCH_ID);
        set(REFERENCE, reference);
        set(BATCH_ID, batchId);
    }

    /** A scope for one payment's work: its reference and batch id (either may be null: then that key is absent). */
    public static PaymentMdc of(String reference, String batchId) {
        return new PaymentMdc(reference, batchId);
    }

    /** A scope for a batch's work (no single payment). */
    public static PaymentMdc batch(String batchId) {
        return new PaymentMdc(null, batchId);
    }

    /** Sets the payment of the current scope once it is known (e.g. after a claim), keeping the scope's restore. */
    public static void update(String reference, String batchId) {
        set(REFERENCE, reference);
        set(BATCH_ID, batchId);
    }

    @Override
    public void close() {
        set(REFERENCE, previousReference);
        set(BATCH_ID, previousBatchId);
    }

    private static void set(String key, String value) {
        if (value == null || value.isEmpty()) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }
}

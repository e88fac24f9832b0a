package io.kotanihub.invoices;

import java.math.BigDecimal;
import java.time.Instant;

/** One invoice row (table {@code invoices}). */
public record Invoice(long id, String reference, String requestJson, String requestHash, String source,
                      BigDecimal amount, BigDecimal amountDue, String currency, String pricing, String usage,
                      Integer maxUses, Instant expiresAt, String linkState, int linkAttempts, String linkId,
                      String shortCode, String linkUrl, String linkStatus, String status, BigDecimal amountPaid,
                      BigDecimal feesPaid, String kotaniError, Instant createdAt, Instant updatedAt,
                      String collection, String checkoutId, String checkoutUrl, String bankDetails) {

    public static final String PENDING = "PENDING";
    public static final String SENDING = "SENDING";
    public static final String UNKNOWN = "UNKNOWN";
    public static final String CREATED = "CREATED";
    public static final String REJECTED = "REJECTED";

    /** A payment made through the invoice's link (table {@code invoice_payments}). */
    public record Payment(long id, long invoiceId, String reference, String kotaniId, String status,
                          String depositStatus, BigDecimal amount, BigDecimal fee, BigDecimal transactionAmount,
                          String errorMessage, String source, Instant at) { }

    /**
     * What Kotani said about one payment of a link (a webhook or the link's transaction list), in the hub's words.
     *
     * @param status §20.5 in capitals: PENDING, PROCESSING, SUCCESSFUL, FAILED, CANCELLED, EXPIRED
     */
    public record PaymentSeen(String reference, String kotaniId, String status, String depositStatus,
                              BigDecimal amount, BigDecimal fee, BigDecimal transactionAmount, String errorMessage,
                              Instant at, String source) { }

    /** An event written with a change, handed to the ERP outbox and Kafka later. */
    public record Event(long id, String invoiceReference, String type, String payload, Instant at) { }

    /** No more payments are expected through the link (polling stops). */
    public boolean settled() {
        return "PAID".equals(status) || "EXPIRED".equals(status) || "DEACTIVATED".equals(status)
                || "REJECTED".equals(status) || "FAILED".equals(status);
    }

    /** Collected by a payment link (not by a bank checkout or card deposit). */
    public boolean isLink() {
        return collection == null || InvoiceRequest.LINK.equals(collection);
    }
}

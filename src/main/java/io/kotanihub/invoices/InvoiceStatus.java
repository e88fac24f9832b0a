package io.kotanihub.invoices;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * An invoice's status from what was paid and what Kotani says of its link: PAID once the successful payments reach
 * the amount due (an over-payment stays PAID, reported as such); otherwise DEACTIVATED (link switched off),
 * EXPIRED (link expired or its expiry passed), PARTIALLY_PAID (something paid) or OPEN. REJECTED (Kotani refused the
 * link) never changes. A bank checkout or card deposit (one deposit, its status kept as the invoice's link status) whose
 * deposit ended FAILED or CANCELLED makes the invoice FAILED (EXPIRED when it expired); a late correction to
 * SUCCESSFUL still makes it PAID.
 */
final class InvoiceStatus {

    private InvoiceStatus() { }

    static String of(Invoice invoice, BigDecimal paid, Instant now) {
        if ("REJECTED".equals(invoice.status())) {
            return "REJECTED";
        }
        if (paid.signum() > 0 && paid.compareTo(invoice.amountDue()) >= 0) {
            return "PAID";
        }
        if (!invoice.isLink() && ("FAILED".equals(invoice.linkStatus()) || "CANCELLED".equals(invoice.linkStatus()))) {
            return "FAILED";
        }
        if ("INACTIVE".equals(invoice.linkStatus())) {
            return "DEACTIVATED";
        }
        if ("EXPIRED".equals(invoice.linkStatus())
                || (invoice.expiresAt() != null && !now.isBefore(invoice.expiresAt()))) {
            return "EXPIRED";
        }
        return paid.signum() > 0 ? "PARTIALLY_PAID" : "OPEN";
    }
}

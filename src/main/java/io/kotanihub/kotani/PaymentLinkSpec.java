package io.kotanihub.kotani;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the hub asks of a payment link (REFERENCE §14), in the hub's words; {@link PaymentLinkClient} writes it in
 * Kotani's. {@code amount} is the fixed price (FIXED), {@code minAmount}/{@code maxAmount} the bounds (VARIABLE,
 * optional for CUSTOMER_CHOICE); {@code maxUses} only for MULTIPLE_USE.
 */
public record PaymentLinkSpec(String referenceId, String name, String description, String currency, String pricing,
                              BigDecimal amount, BigDecimal minAmount, BigDecimal maxAmount, String usage,
                              Integer maxUses, Instant expiresAt, List<String> methods, Map<String, Object> metadata) {
}

package io.kotanihub.sandbox.links;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One payment link (§14) as created, plus the payments made through it. Its configuration never changes; only
 * {@code deactivatedAt} and the payments do.
 */
final class PaymentLink {

    /** A preset tier of a PACKAGE link. */
    record Package(String id, String name, BigDecimal amount) { }

    /** One payment attempt through the hosted page; its status is its deposit's (§20.5 from §20.1). */
    record Payment(String id, String reference, BigDecimal amount, String paymentMethod, String phoneNumber,
                   String network, String customerName, String customerEmail, String packageId, Instant createdAt) { }

    final String id;
    final String shortCode;
    final String name;
    final String description;
    final String linkType;
    final String currency;
    final String pricingType;
    final BigDecimal amount;
    final BigDecimal minAmount;
    final BigDecimal maxAmount;
    final List<Package> packages;
    final String usageType;
    final Integer maxUses;
    final Instant expiresAt;
    final List<String> paymentMethods;
    final Map<String, String> customerFields;
    final String callbackUrl;
    final String referenceId;
    final JsonNode metadata;
    final Instant createdAt;
    final List<Payment> payments = new CopyOnWriteArrayList<>();
    private volatile Instant deactivatedAt;

    PaymentLink(String id, String shortCode, String name, String description, String linkType, String currency,
                String pricingType, BigDecimal amount, BigDecimal minAmount, BigDecimal maxAmount,
                List<Package> packages, String usageType, Integer maxUses, Instant expiresAt,
                List<String> paymentMethods, Map<String, String> customerFields, String callbackUrl,
                String referenceId, JsonNode metadata, Instant createdAt) {
        this.id = id;
        this.shortCode = shortCode;
        this.name = name;
        this.description = description;
        this.linkType = linkType;
        this.currency = currency;
        this.pricingType = pricingType;
        this.amount = amount;
        this.minAmount = minAmount;
        this.maxAmount = maxAmount;
        this.packages = packages;
        this.usageType = usageType;
        this.maxUses = maxUses;
        this.expiresAt = expiresAt;
        this.paymentMethods = paymentMethods;
        this.customerFields = customerFields;
        this.callbackUrl = callbackUrl;
        this.referenceId = referenceId;
        this.metadata = metadata;
        this.createdAt = createdAt;
    }

    /** How many payments the link takes in all: 1, {@code maxUses}, or null (UNLIMITED). */
    Integer limit() {
        return switch (usageType) {
            case "SINGLE_USE" -> 1;
            case "MULTIPLE_USE" -> maxUses;
            default -> null;
        };
    }

    boolean expired(Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }

    Instant deactivatedAt() { return deactivatedAt; }

    void deactivate(Instant at) {
        if (deactivatedAt == null) {
            deactivatedAt = at;
        }
    }

    Instant updatedAt() {
        Instant latest = deactivatedAt != null ? deactivatedAt : createdAt;
        for (Payment payment : payments) {
            if (payment.createdAt().isAfter(latest)) {
                latest = payment.createdAt();
            }
        }
        return latest;
    }
}

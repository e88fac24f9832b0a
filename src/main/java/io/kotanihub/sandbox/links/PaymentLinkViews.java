package io.kotanihub.sandbox.links;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kotanihub.sandbox.core.SandboxTransaction;
import io.kotanihub.sandbox.payments.HostedDeposits;
import io.kotanihub.sandbox.wallets.Amounts;

/** Renders links, their payments and analytics in camelCase (the dashboard API's casing; §14 publishes none). */
final class PaymentLinkViews {

    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    private PaymentLinkViews() { }

    static ObjectNode link(PaymentLinks links, PaymentLink link, String pageUrl) {
        ObjectNode out = NODES.objectNode();
        out.put("id", link.id);
        out.put("shortCode", link.shortCode);
        out.put("url", pageUrl + link.shortCode);
        out.put("name", link.name);
        out.put("description", link.description);
        out.put("linkType", link.linkType);
        out.put("referenceId", link.referenceId);
        pricing(out, link);
        out.put("usageType", link.usageType);
        if (link.maxUses == null) {
            out.putNull("maxUses");
        } else {
            out.put("maxUses", link.maxUses);
        }
        long used = links.count(link, "successful");
        out.put("usesCount", used);
        Integer limit = link.limit();
        if (limit == null) {
            out.putNull("remainingUses");
        } else {
            out.put("remainingUses", Math.max(0, limit - used));
        }
        ArrayNode methods = out.putArray("paymentMethods");
        link.paymentMethods.forEach(methods::add);
        ObjectNode fields = out.putObject("customerFields");
        link.customerFields.forEach(fields::put);
        out.put("callbackUrl", link.callbackUrl);
        out.put("expiresAt", time(link.expiresAt));
        String status = links.status(link);
        out.put("status", status);
        out.put("isActive", "ACTIVE".equals(status));
        if (link.metadata == null) {
            out.putNull("metadata");
        } else {
            out.set("metadata", link.metadata.deepCopy());
        }
        out.put("createdAt", time(link.createdAt));
        out.put("updatedAt", time(link.updatedAt()));
        out.put("deactivatedAt", time(link.deactivatedAt()));
        return out;
    }

    /** What the hosted page shows the customer: no integrator data, no payments. */
    static ObjectNode details(PaymentLinks links, PaymentLink link) {
        ObjectNode out = NODES.objectNode();
        out.put("shortCode", link.shortCode);
        out.put("name", link.name);
        out.put("description", link.description);
        out.put("linkType", link.linkType);
        pricing(out, link);
        ArrayNode methods = out.putArray("paymentMethods");
        link.paymentMethods.forEach(methods::add);
        ObjectNode fields = out.putObject("customerFields");
        link.customerFields.forEach(fields::put);
        out.put("expiresAt", time(link.expiresAt));
        String status = links.status(link);
        out.put("status", status);
        out.put("isActive", "ACTIVE".equals(status));
        return out;
    }

    private static void pricing(ObjectNode out, PaymentLink link) {
        out.put("currency", link.currency);
        out.put("pricingType", link.pricingType);
        amount(out, "amount", link.amount);
        amount(out, "minAmount", link.minAmount);
        amount(out, "maxAmount", link.maxAmount);
        ArrayNode packages = out.putArray("packages");
        for (PaymentLink.Package p : link.packages) {
            ObjectNode item = packages.addObject();
            item.put("id", p.id());
            item.put("name", p.name());
            amount(item, "amount", p.amount());
        }
    }

    static ObjectNode payment(PaymentLinks links, PaymentLink link, PaymentLink.Payment payment) {
        SandboxTransaction deposit = links.deposit(payment).orElse(null);
        ObjectNode out = NODES.objectNode();
        out.put("id", payment.id());
        out.put("referenceId", payment.reference());
        out.put("paymentLinkId", link.id);
        out.put("shortCode", link.shortCode);
        out.put("status", links.paymentStatus(payment));
        out.put("depositStatus", deposit == null ? null : deposit.status());
        amount(out, "amount", payment.amount());
        out.put("currency", link.currency);
        amount(out, "transactionCost", deposit == null ? null : HostedDeposits.cost(deposit));
        amount(out, "transactionAmount", deposit == null ? null : HostedDeposits.transactionAmount(deposit));
        out.put("paymentMethod", payment.paymentMethod());
        out.put("network", deposit == null ? payment.network() : HostedDeposits.network(deposit));
        out.put("phoneNumber", payment.phoneNumber());
        out.put("customerName", payment.customerName());
        out.put("customerEmail", payment.customerEmail());
        out.put("packageId", payment.packageId());
        out.put("errorMessage", deposit == null ? null : HostedDeposits.errorMessage(deposit));
        out.put("createdAt", time(payment.createdAt()));
        out.put("updatedAt", time(deposit == null ? payment.createdAt() : deposit.updatedAt()));
        out.put("completedAt", time(deposit == null ? null : deposit.completedAt()));
        return out;
    }

    static ObjectNode analytics(PaymentLinks links, PaymentLink link) {
        long total = link.payments.size();
        long successful = links.count(link, "successful");
        BigDecimal collected = BigDecimal.ZERO;
        BigDecimal fees = BigDecimal.ZERO;
        Instant last = null;
        for (PaymentLink.Payment payment : link.payments) {
            if (last == null || payment.createdAt().isAfter(last)) {
                last = payment.createdAt();
            }
            if (!"successful".equals(links.paymentStatus(payment))) {
                continue;
            }
            collected = collected.add(payment.amount());
            BigDecimal fee = links.deposit(payment).map(HostedDeposits::cost).orElse(null);
            fees = fee == null ? fees : fees.add(fee);
        }
        ObjectNode out = NODES.objectNode();
        out.put("paymentLinkId", link.id);
        out.put("shortCode", link.shortCode);
        out.put("currency", link.currency);
        out.put("totalTransactions", total);
        out.put("successfulTransactions", successful);
        out.put("pendingTransactions", links.count(link, "pending") + links.count(link, "processing"));
        out.put("failedTransactions", links.count(link, "failed"));
        out.put("cancelledTransactions", links.count(link, "cancelled"));
        out.put("expiredTransactions", links.count(link, "expired"));
        amount(out, "totalAmount", collected);
        amount(out, "totalFees", fees);
        out.put("conversionRate", total == 0 ? BigDecimal.ZERO
                : BigDecimal.valueOf(successful * 100).divide(BigDecimal.valueOf(total), 2, RoundingMode.HALF_UP));
        out.put("usesCount", successful);
        out.put("status", links.status(link));
        out.put("lastPaymentAt", time(last));
        return out;
    }

    static Map<String, Object> meta(int total, int page, int perPage) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("total", total);
        meta.put("page", page);
        meta.put("per_page", perPage);
        meta.put("total_pages", (total + perPage - 1) / perPage);
        return meta;
    }

    static void amount(ObjectNode node, String field, BigDecimal amount) {
        if (amount == null) {
            node.putNull(field);
        } else {
            node.put(field, Amounts.plain(amount));
        }
    }

    static String time(Instant instant) {
        if (instant == null) {
            return null;
        }
        String text = instant.truncatedTo(ChronoUnit.MILLIS).toString();
        return text.length() == 20 ? text.substring(0, 19) + ".000Z" : text;
    }
}

package io.kotanihub.sandbox.links;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kotanihub.sandbox.SandboxProperties;
import io.kotanihub.sandbox.core.SandboxResettable;
import io.kotanihub.sandbox.core.SandboxStore;
import io.kotanihub.sandbox.core.SandboxTransaction;
import io.kotanihub.sandbox.payments.HostedDeposits;
import io.kotanihub.sandbox.wallets.WalletBook;
import io.kotanihub.sandbox.web.SandboxApiException;
import io.kotanihub.sandbox.web.Validation;
import org.springframework.stereotype.Component;

/**
 * The payment links of §14: creation with its configuration rules, the hosted page's payments (each an ordinary
 * mobile-money deposit through {@link HostedDeposits}) and the usage, expiry and deactivation rules that refuse them.
 */
@Component
class PaymentLinks implements SandboxResettable {

    static final List<String> PRICING = List.of("FIXED", "VARIABLE", "CUSTOMER_CHOICE", "PACKAGE");
    static final List<String> USAGE = List.of("SINGLE_USE", "MULTIPLE_USE", "UNLIMITED");
    static final List<String> METHODS = List.of("MOBILE_MONEY", "BANK", "CARD", "CRYPTO");
    static final List<String> FIELD_MODES = List.of("REQUIRED", "OPTIONAL", "HIDDEN");
    static final List<String> LINK_TYPES = List.of("STANDARD", "INVOICE", "DONATION");
    static final List<String> CUSTOMER_FIELDS = List.of("name", "email", "phone");

    static final String NOT_FOUND = "Payment link not found";
    static final String EXPIRED = "Payment link has expired";
    static final String INACTIVE = "Payment link is not active";
    static final String USED_UP = "Payment link has reached its maximum number of uses";
    private static final String CODE_CHARS = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789";

    private final SandboxProperties properties;
    private final HostedDeposits deposits;
    private final WalletBook wallets;
    private final Map<String, PaymentLink> byId = new ConcurrentHashMap<>();
    private final Map<String, PaymentLink> byShortCode = new ConcurrentHashMap<>();
    private final Map<String, PaymentLink> byPaymentReference = new ConcurrentHashMap<>();
    private final List<PaymentLink> inOrder = new CopyOnWriteArrayList<>();

    PaymentLinks(SandboxProperties properties, HostedDeposits deposits, WalletBook wallets) {
        this.properties = properties;
        this.deposits = deposits;
        this.wallets = wallets;
    }

    // ---- create ----

    synchronized PaymentLink create(JsonNode body) {
        Validation v = Validation.of(body);
        v.requireString("name");
        v.requireString("currency");
        String currency = text(body, "currency");
        v.check(currency == null || wallets.forCurrency(currency, null).isPresent(),
                "currency " + currency + " is not supported");
        String pricing = oneOf(v, body, "pricingType", PRICING, "FIXED");
        String usage = oneOf(v, body, "usageType", USAGE, "SINGLE_USE");
        String linkType = oneOf(v, body, "linkType", LINK_TYPES, "STANDARD");
        optionalText(v, body, "description");
        optionalText(v, body, "referenceId");
        BigDecimal amount = positive(v, body, "amount");
        BigDecimal min = positive(v, body, "minAmount");
        BigDecimal max = positive(v, body, "maxAmount");
        List<PaymentLink.Package> packages = packages(v, body);
        v.check(min == null || max == null || min.compareTo(max) <= 0, "minAmount must not be greater than maxAmount");
        switch (pricing == null ? "" : pricing) {
            case "FIXED" -> v.check(amount != null, "amount must be a positive number");
            case "VARIABLE" -> {
                v.check(min != null, "minAmount must be a positive number");
                v.check(max != null, "maxAmount must be a positive number");
            }
            case "PACKAGE" -> v.check(!packages.isEmpty(), "packages must contain at least 1 elements");
            default -> { }
        }
        JsonNode maxUsesNode = body.get("maxUses");
        Integer maxUses = maxUsesNode != null && maxUsesNode.canConvertToInt() && maxUsesNode.isIntegralNumber()
                ? maxUsesNode.intValue() : null;
        boolean maxUsesGiven = maxUsesNode != null && !maxUsesNode.isNull();
        if ("MULTIPLE_USE".equals(usage)) {
            v.check(maxUses != null && maxUses >= 1, "maxUses must be a positive integer");
        } else if ("SINGLE_USE".equals(usage)) {
            v.check(!maxUsesGiven || Integer.valueOf(1).equals(maxUses), "maxUses must be 1 for SINGLE_USE links");
        } else if ("UNLIMITED".equals(usage)) {
            v.check(!maxUsesGiven, "maxUses is not allowed for UNLIMITED links");
        }
        Instant expiresAt = null;
        String expiry = text(body, "expiresAt");
        if (body.hasNonNull("expiresAt")) {
            try {
                expiresAt = expiry != null && expiry.matches("\\d{4}-\\d{2}-\\d{2}")
                        ? LocalDate.parse(expiry).plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC)
                        : Instant.parse(expiry);
                v.check(expiresAt.isAfter(Instant.now()), "expiresAt must be a future date");
            } catch (DateTimeParseException | NullPointerException e) {
                v.check(false, "expiresAt must be a valid ISO 8601 date string");
            }
        }
        List<String> methods = methods(v, body);
        Map<String, String> fields = customerFields(v, body);
        JsonNode callback = body.get("callbackUrl");
        v.check(callback == null || callback.isNull()
                        || (callback.isTextual() && callback.asText().trim().matches("(?i)https?://\\S+")),
                "callbackUrl must be a URL address");
        JsonNode metadata = body.get("metadata");
        v.check(metadata == null || metadata.isNull() || metadata.isObject(), "metadata must be an object");
        v.validate();
        String referenceId = text(body, "referenceId");
        if (referenceId != null && inOrder.stream().anyMatch(l -> referenceId.equals(l.referenceId))) {
            throw new SandboxApiException(properties.getDuplicateStatus(), "Reference already used");
        }
        PaymentLink link = new PaymentLink(SandboxStore.newId(), shortCode(), text(body, "name"),
                text(body, "description"), linkType, wallets.forCurrency(currency, null).orElseThrow().currency(),
                pricing, amount, min, max, packages, usage, "MULTIPLE_USE".equals(usage) ? maxUses : null, expiresAt,
                methods, fields, text(body, "callbackUrl"), referenceId,
                metadata == null || metadata.isNull() ? null : metadata.deepCopy(), Instant.now());
        byId.put(link.id, link);
        byShortCode.put(link.shortCode, link);
        inOrder.add(link);
        return link;
    }

    private static List<PaymentLink.Package> packages(Validation v, JsonNode body) {
        JsonNode node = body.get("packages");
        List<PaymentLink.Package> out = new ArrayList<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (!node.isArray()) {
            v.check(false, "packages must be an array");
            return out;
        }
        int i = 0;
        for (JsonNode item : node) {
            v.requireString(item, "name", "packages." + i + ".name");
            v.requirePositiveNumber(item, "amount", "packages." + i + ".amount");
            String id = text(item, "id") != null ? text(item, "id") : "pkg_" + (i + 1);
            if (item.path("amount").isNumber()) {
                out.add(new PaymentLink.Package(id, text(item, "name"), item.get("amount").decimalValue()));
            }
            i++;
        }
        return out;
    }

    private static List<String> methods(Validation v, JsonNode body) {
        JsonNode node = body.get("paymentMethods");
        if (node == null || node.isNull()) {
            return List.of("MOBILE_MONEY");
        }
        List<String> out = new ArrayList<>();
        boolean ok = node.isArray() && !node.isEmpty();
        if (ok) {
            for (JsonNode item : node) {
                ok &= item.isTextual() && METHODS.contains(item.asText());
                out.add(item.asText());
            }
        }
        v.check(ok, "each value in paymentMethods must be one of the following values: " + String.join(", ", METHODS));
        return List.copyOf(out);
    }

    private static Map<String, String> customerFields(Validation v, JsonNode body) {
        Map<String, String> out = new LinkedHashMap<>(Map.of());
        out.put("name", "OPTIONAL");
        out.put("email", "OPTIONAL");
        out.put("phone", "REQUIRED");
        JsonNode node = body.get("customerFields");
        if (node == null || node.isNull()) {
            return out;
        }
        if (!node.isObject()) {
            v.check(false, "customerFields must be an object");
            return out;
        }
        node.fieldNames().forEachRemaining(field -> {
            String mode = node.get(field).asText();
            v.check(CUSTOMER_FIELDS.contains(field), "customerFields." + field + " is not a customer field");
            v.check(FIELD_MODES.contains(mode), "customerFields." + field
                    + " must be one of the following values: " + String.join(", ", FIELD_MODES));
            out.put(field, mode);
        });
        return out;
    }

    private String shortCode() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (true) {
            StringBuilder code = new StringBuilder(8);
            for (int i = 0; i < 8; i++) {
                code.append(CODE_CHARS.charAt(random.nextInt(CODE_CHARS.length())));
            }
            if (!byShortCode.containsKey(code.toString())) {
                return code.toString();
            }
        }
    }

    // ---- look-ups ----

    PaymentLink byId(String id) {
        PaymentLink link = byId.get(id);
        if (link == null) {
            throw SandboxApiException.notFound(NOT_FOUND);
        }
        return link;
    }

    PaymentLink byIdOrShortCode(String key) {
        PaymentLink link = byId.get(key);
        return link != null ? link : byShortCode(key);
    }

    PaymentLink byShortCode(String shortCode) {
        PaymentLink link = byShortCode.get(shortCode);
        if (link == null) {
            throw SandboxApiException.notFound(NOT_FOUND);
        }
        return link;
    }

    /** Newest first. */
    List<PaymentLink> all() {
        List<PaymentLink> all = new ArrayList<>(inOrder);
        all.sort(Comparator.comparing((PaymentLink l) -> l.createdAt).reversed());
        return all;
    }

    Optional<PaymentLink> ofPayment(String reference) {
        return Optional.ofNullable(byPaymentReference.get(reference));
    }

    Optional<SandboxTransaction> deposit(PaymentLink.Payment payment) {
        return deposits.find(payment.reference());
    }

    // ---- statuses ----

    /** §20.5 from the deposit's §20.1 status. */
    static String linkStatus(String depositStatus) {
        if (depositStatus == null) {
            return "pending";
        }
        return switch (depositStatus) {
            case "PENDING" -> "pending";
            case "SUCCESSFUL", "SUCCESS" -> "successful";
            case "CANCELLED" -> "cancelled";
            case "EXPIRED" -> "expired";
            case "FAILED", "DECLINED", "REVERSED", "PERMANENTLY_FAILED", "DUPLICATE", "ERROR_OCCURRED" -> "failed";
            default -> "processing";
        };
    }

    String paymentStatus(PaymentLink.Payment payment) {
        return linkStatus(deposit(payment).map(SandboxTransaction::status).orElse(null));
    }

    long count(PaymentLink link, String status) {
        return link.payments.stream().filter(p -> status.equals(paymentStatus(p))).count();
    }

    /** The uses a new payment would find taken. */
    long usesHeld(PaymentLink link) {
        return link.payments.stream().map(this::paymentStatus)
                .filter(s -> "successful".equals(s) || (properties.getPaymentLinks().isPendingHoldsUse()
                        && ("pending".equals(s) || "processing".equals(s))))
                .count();
    }

    /** ACTIVE, INACTIVE (deactivated), EXPIRED or COMPLETED (every use paid). */
    String status(PaymentLink link) {
        if (link.deactivatedAt() != null) {
            return "INACTIVE";
        }
        if (link.expired(Instant.now())) {
            return "EXPIRED";
        }
        Integer limit = link.limit();
        return limit != null && count(link, "successful") >= limit ? "COMPLETED" : "ACTIVE";
    }

    PaymentLink deactivate(String id, boolean byIdOnly) {
        PaymentLink link = byIdOnly ? byId(id) : byIdOrShortCode(id);
        link.deactivate(Instant.now());
        return link;
    }

    // ---- paying ----

    /** The hosted page's pay call: checks the link and the customer's input, then starts the deposit. */
    PaymentLink.Payment pay(String shortCode, JsonNode body) {
        PaymentLink link = byShortCode(shortCode);
        synchronized (link) {
            refuseClosed(link);
            Validation v = Validation.of(body);
            v.requireString("phoneNumber");
            v.requireString("paymentMethod");
            String method = text(body, "paymentMethod");
            v.check(method == null || link.paymentMethods.contains(method),
                    "paymentMethod " + method + " is not enabled for this payment link");
            v.check(method == null || !link.paymentMethods.contains(method) || "MOBILE_MONEY".equals(method),
                    "paymentMethod " + method + " is not available on this page; use MOBILE_MONEY");
            optionalText(v, body, "network");
            String phone = text(body, "phoneNumber");
            v.check(phone == null || phone.replaceAll("\\D", "").length() >= 9, "phoneNumber must be a valid phone number");
            String name = text(body, "customerName");
            String email = text(body, "customerEmail");
            v.check(!"REQUIRED".equals(link.customerFields.get("name")) || name != null,
                    "customerName should not be empty");
            v.check(!"REQUIRED".equals(link.customerFields.get("email")) || email != null,
                    "customerEmail should not be empty");
            v.check(email == null || email.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+"), "customerEmail must be an email");
            String[] packageId = {null};
            BigDecimal amount = amount(v, link, body, packageId);
            v.validate();
            Integer limit = link.limit();
            if (limit != null && usesHeld(link) >= limit) {
                throw new SandboxApiException(properties.getPaymentLinks().getClosedStatus(), USED_UP);
            }
            String paymentId = SandboxStore.newId();
            String reference = "PLT-" + paymentId;
            PaymentLink.Payment payment = new PaymentLink.Payment(paymentId, reference, amount, method, phone,
                    text(body, "network"), name, email, packageId[0], Instant.now());
            link.payments.add(payment);
            byPaymentReference.put(reference, link);
            try {
                deposits.start(new HostedDeposits.Request(reference, amount, link.currency, phone,
                        text(body, "network") == null ? null : text(body, "network").toUpperCase(Locale.ROOT),
                        name, link.callbackUrl, origin(link, payment), (ObjectNode) body));
            } catch (SandboxApiException refused) {
                link.payments.remove(payment);
                byPaymentReference.remove(reference);
                throw refused;
            }
            return payment;
        }
    }

    private void refuseClosed(PaymentLink link) {
        int status = properties.getPaymentLinks().getClosedStatus();
        switch (status(link)) {
            case "INACTIVE" -> throw new SandboxApiException(status, INACTIVE);
            case "EXPIRED" -> throw new SandboxApiException(status, EXPIRED);
            case "COMPLETED" -> throw new SandboxApiException(status, USED_UP);
            default -> { }
        }
    }

    /** What the customer pays: fixed by the link, chosen within its bounds, or one of its packages. */
    private static BigDecimal amount(Validation v, PaymentLink link, JsonNode body, String[] packageId) {
        JsonNode given = body.get("amount");
        boolean present = given != null && !given.isNull();
        BigDecimal chosen = present && given.isNumber() ? given.decimalValue() : null;
        v.check(!present || (chosen != null && chosen.signum() > 0), "amount must be a positive number");
        switch (link.pricingType) {
            case "FIXED" -> {
                v.check(chosen == null || chosen.compareTo(link.amount) == 0,
                        "amount is fixed at " + link.amount.toPlainString() + " for this payment link");
                return link.amount;
            }
            case "VARIABLE" -> {
                v.check(present, "amount must be a positive number");
                v.check(chosen == null || (chosen.compareTo(link.minAmount) >= 0 && chosen.compareTo(link.maxAmount) <= 0),
                        "amount must be between " + link.minAmount.toPlainString() + " and "
                                + link.maxAmount.toPlainString());
                return chosen;
            }
            case "CUSTOMER_CHOICE" -> {
                v.check(present, "amount must be a positive number");
                v.check(chosen == null || link.minAmount == null || chosen.compareTo(link.minAmount) >= 0,
                        "amount must not be less than " + (link.minAmount == null ? "" : link.minAmount.toPlainString()));
                v.check(chosen == null || link.maxAmount == null || chosen.compareTo(link.maxAmount) <= 0,
                        "amount must not be greater than " + (link.maxAmount == null ? "" : link.maxAmount.toPlainString()));
                return chosen;
            }
            default -> {
                String wanted = text(body, "packageId");
                for (PaymentLink.Package p : link.packages) {
                    if ((wanted != null && wanted.equals(p.id())) || (wanted == null && chosen != null
                            && chosen.compareTo(p.amount()) == 0)) {
                        packageId[0] = p.id();
                        return p.amount();
                    }
                }
                v.check(false, "amount must match one of the link's packages");
                return null;
            }
        }
    }

    /** The link's identifiers as the deposit's status record and events carry them. */
    private ObjectNode origin(PaymentLink link, PaymentLink.Payment payment) {
        ObjectNode origin = JsonNodeFactory.instance.objectNode();
        if ("NESTED".equalsIgnoreCase(properties.getPaymentLinks().getIdentifiers())) {
            ObjectNode nested = origin.putObject("paymentLinkTransaction");
            nested.put("id", payment.id());
            nested.put("paymentLinkId", link.id);
            nested.put("shortCode", link.shortCode);
            if (link.referenceId != null) {
                nested.put("paymentLinkReferenceId", link.referenceId);
            }
        } else {
            origin.put("payment_link_id", link.id);
            origin.put("payment_link_short_code", link.shortCode);
            origin.put("payment_link_transaction_id", payment.id());
            if (link.referenceId != null) {
                origin.put("payment_link_reference_id", link.referenceId);
            }
        }
        return origin;
    }

    // ---- helpers ----

    static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        if (value == null || value.isNull() || !value.isValueNode()) {
            return null;
        }
        String text = value.asText().trim();
        return text.isEmpty() ? null : text;
    }

    private static String oneOf(Validation v, JsonNode body, String field, List<String> allowed, String fallback) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        boolean ok = value.isTextual() && allowed.contains(value.asText());
        v.check(ok, field + " must be one of the following values: " + String.join(", ", allowed));
        return ok ? value.asText() : null;
    }

    private static void optionalText(Validation v, JsonNode body, String field) {
        JsonNode value = body.get(field);
        v.check(value == null || value.isNull() || (value.isTextual() && !value.asText().isBlank()),
                field + " must be a non-empty string");
    }

    private static BigDecimal positive(Validation v, JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        boolean ok = value.isNumber() && value.decimalValue().signum() > 0;
        v.check(ok, field + " must be a positive number");
        return ok ? value.decimalValue() : null;
    }

    @Override
    public synchronized void reset() {
        byId.clear();
        byShortCode.clear();
        byPaymentReference.clear();
        inOrder.clear();
    }
}

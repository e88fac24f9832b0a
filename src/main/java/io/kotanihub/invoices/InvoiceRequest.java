package io.kotanihub.invoices;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kotanihub.kotani.DepositCheckoutSpec;
import io.kotanihub.kotani.PaymentLinkSpec;

/**
 * The canonical invoice command (issue 15, {@code POST /api/v1/invoices}): {@code reference} (the invoice number,
 * unique across the hub), {@code amount} (decimal, > 0: the invoice's amount, the price of one use for FIXED links),
 * {@code currency}, {@code customer {name, email, phone}}, {@code pricing} FIXED (default) | VARIABLE |
 * CUSTOMER_CHOICE (optional {@code minAmount}/{@code maxAmount}; VARIABLE defaults to 1..amount), {@code usage}
 * SINGLE_USE (default) | MULTIPLE_USE (with {@code maxUses}) | UNLIMITED, {@code expiresAt} (ISO instant or date),
 * {@code methods} (default {@code ["MOBILE_MONEY"]}), {@code description}, {@code metadata} (an object, echoed).
 * <p>
 * {@code methods} {@code ["BANK_CHECKOUT"]} or {@code ["CARD_DEPOSIT"]} (alone, FIXED and SINGLE_USE) collect the
 * invoice by one bank checkout (§9.4: {@code customer.name} required; optional {@code checkoutMethod} PAYBYBANK
 * (default) | CARD | CAPITECPAY) or one card deposit (§9.6: {@code customer.name} and {@code customer.phone} and
 * {@code card {number, holder, expiryMonth, expiryYear, cvv, paymentBrand}} required) instead of a payment link;
 * optional {@code customerRedirectUrl}. The card's number and CVV are never stored: the stored request keeps its
 * last four digits, brand and expiry.
 */
public record InvoiceRequest(String reference, BigDecimal amount, String currency, String customerName,
                             String customerEmail, String customerPhone, String pricing, String usage, Integer maxUses,
                             BigDecimal minAmount, BigDecimal maxAmount, Instant expiresAt, List<String> methods,
                             String description, Map<String, Object> metadata, String checkoutMethod,
                             String customerRedirectUrl, Card card) {

    static final List<String> PRICING = List.of("FIXED", "VARIABLE", "CUSTOMER_CHOICE");
    static final List<String> USAGE = List.of("SINGLE_USE", "MULTIPLE_USE", "UNLIMITED");
    static final String BANK_CHECKOUT = "BANK_CHECKOUT";
    static final String CARD_DEPOSIT = "CARD_DEPOSIT";
    static final String LINK = "LINK";
    static final List<String> METHODS = List.of("MOBILE_MONEY", "BANK", "CARD", "CRYPTO", BANK_CHECKOUT, CARD_DEPOSIT);
    static final List<String> CHECKOUT_METHODS = List.of("PAYBYBANK", "CARD", "CAPITECPAY");
    static final List<String> CARD_BRANDS = List.of("VISA", "MASTER");

    /**
     * A card for a card deposit: in full only as received ({@code number}, {@code cvv}, {@code holder} null once read
     * back from the ledger, where only {@code last4}, the brand and the expiry are kept). Never printed in full.
     */
    public record Card(String number, String holder, String expiryMonth, String expiryYear, String cvv,
                       String paymentBrand, String last4) {
        boolean complete() {
            return number != null && cvv != null && holder != null;
        }

        @Override
        public String toString() {
            return "Card[****" + last4 + ", " + paymentBrand + "]";
        }
    }

    static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .build();

    /** One problem with a field of the request. */
    public record Violation(String field, String message) { }

    /** The request cannot be an invoice; every problem found is listed. */
    public static class InvalidInvoiceException extends RuntimeException {
        private final transient List<Violation> violations;

        public InvalidInvoiceException(String message, List<Violation> violations) {
            super(message);
            this.violations = List.copyOf(violations);
        }

        public List<Violation> violations() {
            return violations;
        }
    }

    /** Reads and checks a request body. */
    public static InvoiceRequest read(byte[] body) {
        JsonNode node;
        try {
            node = JSON.readTree(body == null ? new byte[0] : body);
        } catch (IOException e) {
            throw new InvalidInvoiceException("the body is not valid JSON", List.of());
        }
        if (!(node instanceof ObjectNode object)) {
            throw new InvalidInvoiceException("the body must be a JSON object", List.of());
        }
        return of(object);
    }

    /** Checks an invoice command given as a JSON object (REST, Kafka, routes, CSV rows mapped to it). */
    public static InvoiceRequest of(ObjectNode node) {
        return of(node, false);
    }

    private static InvoiceRequest of(ObjectNode node, boolean stored) {
        List<Violation> v = new ArrayList<>();
        String reference = text(node, "reference", v);
        if (reference == null) {
            v.add(new Violation("reference", "is required"));
        } else if (reference.length() > 128 || !reference.matches("[\\p{Alnum}._:/#-]+")) {
            v.add(new Violation("reference", "must be 1 to 128 letters, digits or . _ : / # -"));
        }
        BigDecimal amount = decimal(node, "amount", v);
        if (amount == null && !v.stream().anyMatch(x -> x.field().equals("amount"))) {
            v.add(new Violation("amount", "is required"));
        }
        String currency = text(node, "currency", v);
        if (currency == null) {
            v.add(new Violation("currency", "is required"));
        } else if (!currency.matches("[A-Za-z]{3}")) {
            v.add(new Violation("currency", "must be an ISO 4217 code"));
        }
        JsonNode customer = node.get("customer");
        String name = null;
        String email = null;
        String phone = null;
        if (customer != null && !customer.isNull()) {
            if (!customer.isObject()) {
                v.add(new Violation("customer", "must be an object"));
            } else {
                name = text(customer, "name", v);
                email = text(customer, "email", v);
                phone = text(customer, "phone", v);
                if (email != null && !email.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
                    v.add(new Violation("customer.email", "must be an e-mail address"));
                }
                if (phone != null && !phone.matches("\\+?[0-9]{9,15}")) {
                    v.add(new Violation("customer.phone", "must be a phone number in E.164"));
                }
            }
        }
        String pricing = oneOf(node, "pricing", PRICING, "FIXED", v);
        String usage = oneOf(node, "usage", USAGE, "SINGLE_USE", v);
        Integer maxUses = null;
        JsonNode uses = node.get("maxUses");
        if (uses != null && !uses.isNull()) {
            if (uses.isIntegralNumber() && uses.canConvertToInt() && uses.intValue() >= 1) {
                maxUses = uses.intValue();
            } else {
                v.add(new Violation("maxUses", "must be a positive integer"));
            }
        }
        if ("MULTIPLE_USE".equals(usage) && maxUses == null) {
            v.add(new Violation("maxUses", "is required for MULTIPLE_USE"));
        } else if ("SINGLE_USE".equals(usage) && maxUses != null && maxUses != 1) {
            v.add(new Violation("maxUses", "must be 1 for SINGLE_USE"));
        } else if ("UNLIMITED".equals(usage) && maxUses != null) {
            v.add(new Violation("maxUses", "is not allowed for UNLIMITED"));
        }
        if (!"MULTIPLE_USE".equals(usage)) {
            maxUses = null;
        }
        BigDecimal min = decimal(node, "minAmount", v);
        BigDecimal max = decimal(node, "maxAmount", v);
        if ("FIXED".equals(pricing) && (min != null || max != null)) {
            v.add(new Violation("minAmount", "minAmount and maxAmount are for VARIABLE and CUSTOMER_CHOICE pricing"));
        }
        if ("VARIABLE".equals(pricing)) {
            min = min == null ? BigDecimal.ONE.min(amount == null ? BigDecimal.ONE : amount) : min;
            max = max == null ? amount : max;
        }
        if (min != null && max != null && min.compareTo(max) > 0) {
            v.add(new Violation("minAmount", "must not be greater than maxAmount"));
        }
        Instant expiresAt = null;
        String expiry = text(node, "expiresAt", v);
        if (expiry != null) {
            try {
                expiresAt = expiry.matches("\\d{4}-\\d{2}-\\d{2}")
                        ? LocalDate.parse(expiry).plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC)
                        : Instant.parse(expiry);
            } catch (DateTimeParseException e) {
                v.add(new Violation("expiresAt", "must be an ISO 8601 instant or date"));
            }
        }
        List<String> methods = new ArrayList<>();
        JsonNode m = node.get("methods");
        if (m == null || m.isNull()) {
            methods.add("MOBILE_MONEY");
        } else if (!m.isArray() || m.isEmpty()) {
            v.add(new Violation("methods", "must be a non-empty array"));
        } else {
            for (JsonNode item : m) {
                if (item.isTextual() && METHODS.contains(item.asText())) {
                    if (!methods.contains(item.asText())) {
                        methods.add(item.asText());
                    }
                } else {
                    v.add(new Violation("methods", "each must be one of " + String.join(", ", METHODS)));
                    break;
                }
            }
        }
        String description = text(node, "description", v);
        if (description != null && description.length() > 500) {
            v.add(new Violation("description", "must not exceed 500 characters"));
        }
        Map<String, Object> metadata = null;
        JsonNode meta = node.get("metadata");
        if (meta != null && !meta.isNull()) {
            if (!meta.isObject()) {
                v.add(new Violation("metadata", "must be an object"));
            } else {
                metadata = JSON.convertValue(meta, new TypeReference<LinkedHashMap<String, Object>>() { });
            }
        }
        String collection = methods.contains(BANK_CHECKOUT) ? BANK_CHECKOUT
                : methods.contains(CARD_DEPOSIT) ? CARD_DEPOSIT : LINK;
        String checkoutMethod = text(node, "checkoutMethod", v);
        String redirect = text(node, "customerRedirectUrl", v);
        if (redirect != null && !redirect.matches("https?://\\S{1,1990}")) {
            v.add(new Violation("customerRedirectUrl", "must be an http(s) URL"));
        }
        Card card = null;
        if (!LINK.equals(collection)) {
            if (methods.size() > 1) {
                v.add(new Violation("methods", collection + " must be the only method"));
            }
            if (!"FIXED".equals(pricing) || !"SINGLE_USE".equals(usage)) {
                v.add(new Violation("pricing", collection + " collects a FIXED amount once (pricing FIXED, usage "
                        + "SINGLE_USE)"));
            }
            if (expiresAt != null) {
                v.add(new Violation("expiresAt", "is for payment links; Kotani sets a checkout's expiry"));
            }
            if (name == null) {
                v.add(new Violation("customer.name", "is required for " + collection));
            }
        }
        if (BANK_CHECKOUT.equals(collection)) {
            if (checkoutMethod == null) {
                checkoutMethod = "PAYBYBANK";
            } else if (!CHECKOUT_METHODS.contains(checkoutMethod)) {
                v.add(new Violation("checkoutMethod", "must be one of " + String.join(", ", CHECKOUT_METHODS)));
            }
        } else if (checkoutMethod != null) {
            v.add(new Violation("checkoutMethod", "is for BANK_CHECKOUT"));
        }
        JsonNode cardNode = node.get("card");
        if (CARD_DEPOSIT.equals(collection)) {
            if (phone == null) {
                v.add(new Violation("customer.phone", "is required for CARD_DEPOSIT"));
            }
            card = card(cardNode, stored, v);
        } else if (cardNode != null && !cardNode.isNull()) {
            v.add(new Violation("card", "is for CARD_DEPOSIT"));
        }
        if (!v.isEmpty()) {
            throw new InvalidInvoiceException(v.size() + " problem(s) in the invoice", v);
        }
        return new InvoiceRequest(reference, amount, currency.toUpperCase(), name, email, phone, pricing, usage,
                maxUses, min, max, expiresAt, List.copyOf(methods), description, metadata, checkoutMethod, redirect,
                card);
    }

    /** The card of a CARD_DEPOSIT: complete as received; as stored, its last four digits, brand and expiry. */
    private static Card card(JsonNode node, boolean stored, List<Violation> v) {
        if (node == null || !node.isObject()) {
            v.add(new Violation("card", "is required for CARD_DEPOSIT (an object)"));
            return null;
        }
        String month = text(node, "expiryMonth", v);
        String year = text(node, "expiryYear", v);
        String brand = text(node, "paymentBrand", v);
        if (month == null || !month.matches("0[1-9]|1[0-2]")) {
            v.add(new Violation("card.expiryMonth", "must be MM (01-12)"));
        }
        if (year == null || !year.matches("\\d{4}")) {
            v.add(new Violation("card.expiryYear", "must be YYYY"));
        }
        if (brand == null || !CARD_BRANDS.contains(brand)) {
            v.add(new Violation("card.paymentBrand", "must be one of " + String.join(", ", CARD_BRANDS)));
        }
        if (stored) {
            return new Card(null, null, month, year, null, brand, text(node, "last4", v));
        }
        String number = text(node, "number", v);
        number = number == null ? null : number.replace(" ", "");
        String holder = text(node, "holder", v);
        String cvv = text(node, "cvv", v);
        if (number == null || !number.matches("\\d{12,19}")) {
            v.add(new Violation("card.number", "must be 12 to 19 digits"));
            number = null;
        }
        if (holder == null) {
            v.add(new Violation("card.holder", "is required"));
        }
        if (cvv == null || !cvv.matches("\\d{3,4}")) {
            v.add(new Violation("card.cvv", "must be 3 or 4 digits"));
        }
        return new Card(number, holder, month, year, cvv, brand,
                number == null ? null : number.substring(number.length() - 4));
    }

    /** How the invoice is collected: {@code LINK} (a payment link), {@code BANK_CHECKOUT} or {@code CARD_DEPOSIT}. */
    public String collection() {
        return methods.contains(BANK_CHECKOUT) ? BANK_CHECKOUT : methods.contains(CARD_DEPOSIT) ? CARD_DEPOSIT : LINK;
    }

    /** The bank checkout or card deposit Kotani is asked for ({@code card} as given, or null once read back). */
    public DepositCheckoutSpec checkoutSpec(Card fullCard) {
        DepositCheckoutSpec.Card kotaniCard = fullCard == null || !fullCard.complete() ? null
                : new DepositCheckoutSpec.Card(fullCard.number(), fullCard.holder(), fullCard.expiryMonth(),
                fullCard.expiryYear(), fullCard.cvv(), fullCard.paymentBrand());
        return new DepositCheckoutSpec(reference, customerName, customerPhone, currency, amount, checkoutMethod,
                customerRedirectUrl, kotaniCard);
    }

    /** What the invoice is expected to collect in all: the amount, times maxUses for a FIXED MULTIPLE_USE link. */
    public BigDecimal amountDue() {
        return "FIXED".equals(pricing) && maxUses != null ? amount.multiply(BigDecimal.valueOf(maxUses)) : amount;
    }

    /** The payment link Kotani is asked for. */
    public PaymentLinkSpec spec() {
        Map<String, Object> meta = new LinkedHashMap<>();
        if (metadata != null) {
            meta.putAll(metadata);
        }
        meta.put("invoiceReference", reference);
        return new PaymentLinkSpec(reference, "Invoice " + reference, description, currency, pricing,
                "FIXED".equals(pricing) ? amount : null, minAmount, maxAmount, usage, maxUses, expiresAt, methods,
                meta);
    }

    /** The normalised request as stored (keys sorted, numbers exact); equal content gives equal text. */
    public String canonicalJson() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("reference", reference);
        out.put("amount", amount.stripTrailingZeros().toPlainString());
        out.put("currency", currency);
        Map<String, Object> customer = new LinkedHashMap<>();
        customer.put("name", customerName);
        customer.put("email", customerEmail);
        customer.put("phone", customerPhone);
        out.put("customer", customer);
        out.put("pricing", pricing);
        out.put("usage", usage);
        out.put("maxUses", maxUses);
        out.put("minAmount", minAmount == null ? null : minAmount.stripTrailingZeros().toPlainString());
        out.put("maxAmount", maxAmount == null ? null : maxAmount.stripTrailingZeros().toPlainString());
        out.put("expiresAt", expiresAt == null ? null : expiresAt.toString());
        out.put("methods", methods);
        out.put("description", description);
        out.put("metadata", metadata);
        // only when present, so that the stored text (and hash) of a payment-link invoice stays as it was
        if (checkoutMethod != null) {
            out.put("checkoutMethod", checkoutMethod);
        }
        if (customerRedirectUrl != null) {
            out.put("customerRedirectUrl", customerRedirectUrl);
        }
        if (card != null) {
            Map<String, Object> kept = new LinkedHashMap<>();
            kept.put("last4", card.last4());
            kept.put("paymentBrand", card.paymentBrand());
            kept.put("expiryMonth", card.expiryMonth());
            kept.put("expiryYear", card.expiryYear());
            out.put("card", kept);
        }
        try {
            return JSON.writeValueAsString(out);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** SHA-256 of {@link #canonicalJson()}, hex. */
    public String hash() {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(canonicalJson().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads a stored request back. */
    static InvoiceRequest fromStored(String json) {
        try {
            return of((ObjectNode) JSON.readTree(json), true);
        } catch (IOException e) {
            throw new IllegalStateException("stored invoice request unreadable", e);
        }
    }

    private static String text(JsonNode node, String field, List<Violation> v) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            v.add(new Violation(field, "must be a string"));
            return null;
        }
        String text = value.asText().strip();
        return text.isEmpty() ? null : text;
    }

    private static BigDecimal decimal(JsonNode node, String field, List<Violation> v) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        BigDecimal number = null;
        if (value.isNumber()) {
            number = value.decimalValue();
        } else if (value.isTextual()) {
            try {
                number = new BigDecimal(value.asText().strip());
            } catch (NumberFormatException e) {
                number = null;
            }
        }
        if (number == null || number.signum() <= 0 || number.scale() > 8 || number.precision() - number.scale() > 16) {
            v.add(new Violation(field, "must be a positive decimal with at most 8 decimals"));
            return null;
        }
        return number;
    }

    private static String oneOf(JsonNode node, String field, List<String> allowed, String fallback,
                                List<Violation> v) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (value.isTextual() && allowed.contains(value.asText())) {
            return value.asText();
        }
        v.add(new Violation(field, "must be one of " + String.join(", ", allowed)));
        return null;
    }
}

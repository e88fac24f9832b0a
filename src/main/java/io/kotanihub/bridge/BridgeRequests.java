package io.kotanihub.bridge;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kotanihub.rest.ApiProblem;

/**
 * Reading and checking the provider's requests: the create of REFERENCE §16.3 (with the hub's defaults for
 * {@code wallet_id} and {@code callback_url}) and the settlement and refund reports of §16.8. Every problem is
 * listed, not only the first; nothing here calls Kotani.
 */
public final class BridgeRequests {

    static final Set<String> TRANSACTION_TYPES = Set.of("cross_border", "bridge", "chain_settlement");
    static final Set<String> RECIPIENT_METHODS = Set.of("MOBILE_MONEY", "BANK_TRANSFER");
    static final Set<String> REPORTABLE = Set.of("SETTLING", "COMPLETED", "FAILED");
    static final Set<String> FAILURE_STAGES = Set.of("DEPOSIT_COLLECTION", "CRYPTO_PAYMENT", "SETTLEMENT");
    static final Set<String> REFUND_METHODS = Set.of("CRYPTO_INVOICE", "CRYPTO_ADDRESS");

    private BridgeRequests() { }

    /** Parses a JSON object body or refuses it with 400. */
    public static ObjectNode readObject(byte[] body) {
        try {
            JsonNode node = BridgeClient.JSON.readTree(body == null ? new byte[0] : body);
            if (node instanceof ObjectNode object) {
                return object;
            }
        } catch (IOException e) {
            throw new ApiProblem(400, "Bad Request", "the body is not valid JSON");
        }
        throw new ApiProblem(400, "Bad Request", "the body must be a JSON object");
    }

    /**
     * Checks a create request, fills {@code wallet_id} and {@code callback_url} when absent, and refuses an invoice
     * expiring within {@code minValidity} of {@code now} (422), all before anything is stored or sent.
     */
    public static ObjectNode prepareCreate(ObjectNode request, String defaultWalletId, String defaultCallbackUrl,
                                           Duration minValidity, Instant now) {
        return prepareCreateWithWallets(request, defaultWalletId == null || defaultWalletId.isBlank() ? null
                : currency -> defaultWalletId.strip(), defaultCallbackUrl, minValidity, now);
    }

    /** Where the hub finds the Kotani wallet for a create that names none. */
    @FunctionalInterface
    public interface WalletSource {
        /** The wallet id for {@code sourceCurrency}; throws an {@link ApiProblem} when there is none (now). */
        String walletFor(String sourceCurrency);
    }

    /**
     * As {@link #prepareCreate(ObjectNode, String, String, Duration, Instant)}, with {@code wallets} asked for the
     * wallet of the request's {@code source_currency} when the request has no {@code wallet_id}; asked only once
     * every other check passed, so that a refused request costs no call to Kotani. Without {@code wallets}, a
     * request without {@code wallet_id} is refused.
     */
    public static ObjectNode prepareCreateWithWallets(ObjectNode request, WalletSource wallets, String defaultCallbackUrl,
                                           Duration minValidity, Instant now) {
        ObjectNode body = request.deepCopy();
        boolean walletToFind = !body.hasNonNull("wallet_id") && wallets != null;
        if (!body.hasNonNull("callback_url") && defaultCallbackUrl != null) {
            body.put("callback_url", defaultCallbackUrl);
        }
        List<Map<String, String>> errors = new ArrayList<>();
        text(body, "provider_reference_id", errors);
        text(body, "customer_key", errors);
        text(body, "source_currency", errors);
        if (!walletToFind) {
            text(body, "wallet_id", errors);
        }
        text(body, "callback_url", errors);
        String chain = text(body, "chain", errors);
        text(body, "token", errors);
        positive(body, "amount", "amount", errors);
        String type = body.path("transaction_type").asText(null);
        if (type == null || !TRANSACTION_TYPES.contains(type)) {
            errors.add(error("transaction_type", "must be one of cross_border, bridge, chain_settlement"));
        }
        if ("LIGHTNING".equals(chain) && body.hasNonNull("token") && !"MSAT".equals(body.get("token").asText())) {
            errors.add(error("token", "must be MSAT when chain is LIGHTNING"));
        }
        if (body.hasNonNull("provider_reference_id") && body.get("provider_reference_id").asText().length() > 128) {
            errors.add(error("provider_reference_id", "may not exceed 128 characters"));
        }
        Instant expiresAt = null;
        JsonNode payment = body.get("crypto_payment");
        if (payment == null || !payment.isObject()) {
            errors.add(error("crypto_payment", "must be an object"));
        } else {
            if ("LIGHTNING".equals(chain)) {
                text(payment, "bolt11", "crypto_payment.bolt11", errors);
                text(payment, "payment_hash", "crypto_payment.payment_hash", errors);
                positive(payment, "amount_msat", "crypto_payment.amount_msat", errors);
            } else {
                text(payment, "address", "crypto_payment.address", errors);
                positive(payment, "crypto_amount", "crypto_payment.crypto_amount", errors);
            }
            expiresAt = instant(payment.get("expires_at"));
            if (expiresAt == null) {
                errors.add(error("crypto_payment.expires_at", "must be an ISO 8601 date-time"));
            }
        }
        JsonNode settlement = body.get("settlement");
        if (settlement == null || !settlement.isObject()) {
            errors.add(error("settlement", "must be an object"));
        } else {
            positive(settlement, "amount", "settlement.amount", errors);
            text(settlement, "currency", "settlement.currency", errors);
            text(settlement, "country", "settlement.country", errors);
            JsonNode recipient = settlement.get("recipient");
            if (recipient == null || !recipient.isObject()) {
                errors.add(error("settlement.recipient", "must be an object"));
            } else {
                text(recipient, "phone_number", "settlement.recipient.phone_number", errors);
                String method = recipient.path("payment_method").asText(null);
                if (method == null || !RECIPIENT_METHODS.contains(method)) {
                    errors.add(error("settlement.recipient.payment_method", "must be MOBILE_MONEY or BANK_TRANSFER"));
                } else if ("BANK_TRANSFER".equals(method)) {
                    text(recipient, "bank_account_number", "settlement.recipient.bank_account_number", errors);
                    text(recipient, "bank_code", "settlement.recipient.bank_code", errors);
                    text(recipient, "account_holder_name", "settlement.recipient.account_holder_name", errors);
                }
            }
        }
        for (String optional : List.of("metadata", "source")) {
            if (body.has(optional) && !body.get(optional).isNull() && !body.get(optional).isObject()) {
                errors.add(error(optional, "must be an object"));
            }
        }
        if (!errors.isEmpty()) {
            throw new ApiProblem(400, "Invalid bridge transfer", errors.size() + " problem(s) in the request", errors);
        }
        Duration left = Duration.between(now, expiresAt);
        if (left.compareTo(minValidity) < 0) {
            throw new ApiProblem(422, "Invoice expires too soon", "crypto_payment.expires_at leaves "
                    + Math.max(0, left.toMillis()) + " ms for fiat collection; at least " + minValidity.toMillis()
                    + " ms (hub.bridge.min-invoice-validity) are required. Generate a longer-lived invoice.",
                    List.of(error("crypto_payment.expires_at", "must be at least " + minValidity.toSeconds()
                            + " s in the future")));
        }
        if (walletToFind) {
            body.put("wallet_id", wallets.walletFor(body.get("source_currency").asText()));
        }
        return body;
    }

    /** Checks the provider's settlement outcome (§16.8: SETTLING, COMPLETED with settlement_details, FAILED with failure_details). */
    public static String checkSettlement(ObjectNode report) {
        List<Map<String, String>> errors = new ArrayList<>();
        String status = report.path("status").asText(null);
        if (status == null || !REPORTABLE.contains(status)) {
            errors.add(error("status", "must be SETTLING, COMPLETED or FAILED"));
        }
        if ("COMPLETED".equals(status)) {
            JsonNode details = report.get("settlement_details");
            if (details == null || !details.isObject()) {
                errors.add(error("settlement_details", "must be an object when status is COMPLETED"));
            } else {
                positive(details, "amount", "settlement_details.amount", errors);
                text(details, "currency", "settlement_details.currency", errors);
                text(details, "recipient_phone", "settlement_details.recipient_phone", errors);
                String method = details.path("payment_method").asText(null);
                if (method == null || !RECIPIENT_METHODS.contains(method)) {
                    errors.add(error("settlement_details.payment_method", "must be MOBILE_MONEY or BANK_TRANSFER"));
                }
                text(details, "transaction_id", "settlement_details.transaction_id", errors);
                if (instant(details.get("settled_at")) == null) {
                    errors.add(error("settlement_details.settled_at", "must be an ISO 8601 date-time"));
                }
            }
        }
        if ("FAILED".equals(status)) {
            JsonNode failure = report.get("failure_details");
            if (failure == null || !failure.isObject()) {
                errors.add(error("failure_details", "must be an object when status is FAILED"));
            } else {
                String stage = failure.path("failure_stage").asText(null);
                if (stage == null || !FAILURE_STAGES.contains(stage)) {
                    errors.add(error("failure_details.failure_stage",
                            "must be DEPOSIT_COLLECTION, CRYPTO_PAYMENT or SETTLEMENT"));
                }
                text(failure, "failure_reason", "failure_details.failure_reason", errors);
                text(failure, "failure_message", "failure_details.failure_message", errors);
                if (instant(failure.get("failed_at")) == null) {
                    errors.add(error("failure_details.failed_at", "must be an ISO 8601 date-time"));
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new ApiProblem(400, "Invalid settlement report", errors.size() + " problem(s) in the report", errors);
        }
        return status;
    }

    /** Checks the provider's refund report: the {@code refund_details} of §16.8 (the object itself or wrapped). */
    public static ObjectNode checkRefund(ObjectNode report) {
        ObjectNode details = report.get("refund_details") instanceof ObjectNode wrapped ? wrapped.deepCopy()
                : report.deepCopy();
        List<Map<String, String>> errors = new ArrayList<>();
        String method = details.path("refund_method_used").asText(null);
        if (method == null || !REFUND_METHODS.contains(method)) {
            errors.add(error("refund_method_used", "must be CRYPTO_INVOICE or CRYPTO_ADDRESS"));
        }
        text(details, "refund_status", "refund_status", errors);
        if (details.hasNonNull("refund_initiated_at") && instant(details.get("refund_initiated_at")) == null) {
            errors.add(error("refund_initiated_at", "must be an ISO 8601 date-time"));
        }
        if (!errors.isEmpty()) {
            throw new ApiProblem(400, "Invalid refund report", errors.size() + " problem(s) in the report", errors);
        }
        return details;
    }

    static Instant instant(JsonNode value) {
        if (value == null || !value.isTextual()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value.asText()).toInstant();
        } catch (RuntimeException e) {
            try {
                return Instant.parse(value.asText());
            } catch (RuntimeException again) {
                return null;
            }
        }
    }

    static BigDecimal decimal(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        try {
            return value.isNumber() ? value.decimalValue() : new BigDecimal(value.asText());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String text(JsonNode node, String field, List<Map<String, String>> errors) {
        return text(node, field, field, errors);
    }

    private static String text(JsonNode node, String field, String label, List<Map<String, String>> errors) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            errors.add(error(label, "must be a non-empty string"));
            return null;
        }
        return value.asText();
    }

    private static void positive(JsonNode node, String field, String label, List<Map<String, String>> errors) {
        BigDecimal value = decimal(node, field);
        if (value == null || value.signum() <= 0) {
            errors.add(error(label, "must be a positive number"));
        }
    }

    private static Map<String, String> error(String field, String message) {
        return Map.of("field", field, "message", message);
    }
}

package io.kotanihub.sandbox.bridge;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kotanihub.sandbox.core.SandboxTransaction;

/**
 * The crypto-bridge state of one transfer, kept in its {@link SandboxTransaction}'s attributes under
 * {@link #ATTRIBUTE}. The fixed part comes from the create request; the mutable part is guarded by the object's
 * monitor (every change goes through {@link BridgeService} while holding it).
 */
final class BridgeTransfer {

    static final String ATTRIBUTE = "bridge";
    static final int MAX_REGENERATIONS = 3;

    /** The three stages of §16.6 and their own progress. */
    enum Stage { DEPOSIT, CRYPTO_PAYMENT, SETTLEMENT }

    record StageState(String status, Instant at) { }

    final SandboxTransaction transaction;
    final String kotaniReferenceId;
    final String providerReferenceId;
    final String customerKey;
    final String walletId;
    final BigDecimal amount;
    final String sourceCurrency;
    final String transactionType;
    final String chain;
    final String token;
    final String sourceMethod;
    final String callbackUrl;
    final String paymentHash;
    final BigDecimal amountMsat;
    final BigDecimal cryptoAmount;
    final Instant invoiceExpiresAt;
    final JsonNode settlement;
    final JsonNode metadata;
    final ObjectNode collectionInstructions;
    final String fallbackAddress;
    /** The invoice expires within {@code slow-payment-window} of the create: paid only once it has expired. */
    final boolean slowPayment;

    String refundInvoice;
    String refundPaymentHash;
    Instant refundExpiresAt;
    int regenerations;
    Instant lastRegeneration;

    final Map<Stage, StageState> stages = new EnumMap<>(Stage.class);
    /** Failed on Kotani's side (the provider invoice could not be paid): final, the customer gets the fiat back. */
    boolean kotaniFailure;
    String failureStage;
    String failureReason;
    String failureMessage;
    Instant failedAt;
    JsonNode settlementDetails;
    JsonNode refundDetails;
    boolean refundPaid;
    long deadlineToken;

    BridgeTransfer(SandboxTransaction transaction, JsonNode request, String paymentHash, Instant invoiceExpiresAt,
                   ObjectNode collectionInstructions, String fallbackAddress, boolean slowPayment) {
        this.transaction = transaction;
        this.kotaniReferenceId = transaction.id();
        this.providerReferenceId = request.get("provider_reference_id").asText();
        this.customerKey = request.get("customer_key").asText();
        this.walletId = request.get("wallet_id").asText();
        this.amount = request.get("amount").decimalValue();
        this.sourceCurrency = request.get("source_currency").asText();
        this.transactionType = request.get("transaction_type").asText();
        this.chain = request.get("chain").asText();
        this.token = request.get("token").asText();
        this.sourceMethod = request.path("source").path("payment_method").asText("MOBILE_MONEY");
        this.callbackUrl = request.get("callback_url").asText();
        JsonNode payment = request.get("crypto_payment");
        this.paymentHash = paymentHash;
        this.amountMsat = payment.hasNonNull("amount_msat") ? payment.get("amount_msat").decimalValue() : null;
        this.cryptoAmount = payment.hasNonNull("crypto_amount") ? payment.get("crypto_amount").decimalValue() : null;
        this.invoiceExpiresAt = invoiceExpiresAt;
        this.settlement = request.get("settlement");
        this.metadata = request.get("metadata");
        this.collectionInstructions = collectionInstructions;
        this.fallbackAddress = fallbackAddress;
        this.slowPayment = slowPayment;
    }

    boolean lightning() {
        return "LIGHTNING".equals(chain);
    }

    BridgeStatus status() {
        return BridgeStatus.valueOf(transaction.status());
    }

    void stage(Stage stage, String status, Instant at) {
        stages.put(stage, new StageState(status, at));
    }
}

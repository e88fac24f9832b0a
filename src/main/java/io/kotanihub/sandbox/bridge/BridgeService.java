package io.kotanihub.sandbox.bridge;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kotanihub.sandbox.SandboxProperties;
import io.kotanihub.sandbox.core.Family;
import io.kotanihub.sandbox.core.SandboxScheduler;
import io.kotanihub.sandbox.core.SandboxStore;
import io.kotanihub.sandbox.core.SandboxTransaction;
import io.kotanihub.sandbox.core.WebhookPublisher;
import io.kotanihub.sandbox.web.SandboxApiException;
import io.kotanihub.sandbox.web.Validation;
import io.kotanihub.sandbox.webhooks.IntegratorSettings;
import org.springframework.stereotype.Component;

/**
 * The sandbox's crypto bridge (REFERENCE §16): quotes, creates, the status machine of {@link BridgeStatus}, the
 * provider's settlement reports and refund-invoice regeneration.
 *
 * <p><b>Progression.</b> Driven by the {@link SandboxScheduler} in steps of {@code hub.sandbox.bridge.stage-delay}
 * (D): created DEPOSIT_INITIATED at t; DEPOSIT_CONFIRMED at t+D (fiat collected, by STK push or bank transfer);
 * at t+2D Kotani pays the provider invoice: if {@code crypto_payment.expires_at} has passed by then the transfer
 * goes FAILED (stage CRYPTO_PAYMENT, reason INVOICE_EXPIRED, source fiat refunded to the customer; final, never
 * REFUNDED), otherwise PAYMENT_SENT, and PAYMENT_CONFIRMED at t+3D. An invoice that expires within
 * {@code slow-payment-window} (2 min) of the create is paid at real Kotani's slowest pace instead (§16.3 asks the
 * provider to leave ~60 s for fiat collection, §16.1 gives Kotani 30–60 s to pay): the payment is attempted at
 * t+2D or once the invoice has expired, whichever is later, so it fails INVOICE_EXPIRED. This is how a client
 * reaches scenario 3 on the default timings (D = 5 s, invoices must live 60 s): an invoice that expires within
 * 2 minutes of the create. From PAYMENT_CONFIRMED only the provider's settlement webhook moves it: SETTLING,
 * COMPLETED, or FAILED (stage SETTLEMENT). A FAILED transfer becomes REFUNDED one D
 * after the provider reports its crypto refund as paid ({@code refund_details.refund_status} COMPLETED, SUCCESSFUL,
 * SUCCESS, PAID or CONFIRMED), by the refund invoice (CRYPTO_INVOICE, only while it is valid) or on-chain to
 * {@code fallback_address} (CRYPTO_ADDRESS). If no final report (COMPLETED or FAILED) arrives within
 * {@code settlement-deadline} after PAYMENT_CONFIRMED or after the last SETTLING report, the transfer goes
 * SETTLEMENT_UNCONFIRMED; a later COMPLETED or FAILED report still applies.
 *
 * <p><b>Callbacks.</b> Every status change is published to the transfer's {@code callback_url} as event
 * {@value IntegratorSettings#BRIDGE_EVENT} with {@code data} =
 * {@code {kotani_reference_id, provider_reference_id, status, stage, failure_stage?, failure_reason?,
 * failure_message?, refund_config?, timestamp}} ({@code stage}: DEPOSIT_COLLECTION, CRYPTO_PAYMENT, SETTLEMENT or
 * REFUND; the failure members only on FAILED; {@code refund_config} on PAYMENT_SENT and FAILED, as in the status
 * response of §16.5).
 *
 * <p><b>How a test makes each scenario of §16 happen</b> (after PAYMENT_CONFIRMED the test plays the provider):
 * (1) mobile money / (2) bank transfer: create with {@code settlement.recipient.payment_method} MOBILE_MONEY or
 * BANK_TRANSFER ({@code source.payment_method} BANK_TRANSFER adds {@code collection_instructions}), then report
 * SETTLING and COMPLETED; (3) expired invoice: create with {@code crypto_payment.expires_at} at least
 * {@code min-invoice-validity} ahead but within {@code slow-payment-window} (or before t+2D); (4) invalid
 * recipient: report FAILED with failure_details {SETTLEMENT, RECIPIENT_ACCOUNT_INVALID}, then FAILED with
 * refund_details {CRYPTO_INVOICE, refund_status COMPLETED}; (5) delayed settlement: report SETTLING, wait past
 * {@code settlement-deadline}, then report COMPLETED; (6) refund invoice expired: report FAILED, wait until
 * {@code refund_config.expires_at} has passed ({@code refund-invoice-validity}), then report refund_details
 * {CRYPTO_ADDRESS, refund_status COMPLETED} (accepted at any time: the fallback address serves whenever the
 * refund invoice cannot be paid, §16.5).
 *
 * <p>Not simulated: failures at DEPOSIT_COLLECTION and routing failures; {@code customer_key} and {@code wallet_id}
 * are not checked against the sandbox's customers and wallets.
 */
@Component
public class BridgeService {

    static final List<String> TRANSACTION_TYPES = List.of("cross_border", "bridge", "chain_settlement");
    static final List<String> CHAINS = List.of("ETHEREUM", "CELO", "AVALANCHE", "POLYGON", "ARBITRUM", "OPTIMISM",
            "BINANCE", "STELLAR", "TRON", "FUSE", "LIGHTNING", "SOLANA", "PROVENANCE", "CARDANO", "HEDERA", "BASE",
            "LISK", "VICTION", "SCROLL");
    static final List<String> TOKENS = List.of("CUSD", "USDC", "USDT", "BUSD", "HASH", "HBAR", "USDGLO", "CKES",
            "CGHS", "MSAT", "ADA");
    static final List<String> PAYMENT_METHODS = List.of("MOBILE_MONEY", "BANK_TRANSFER");
    static final List<String> FAILURE_STAGES = List.of("DEPOSIT_COLLECTION", "CRYPTO_PAYMENT", "SETTLEMENT");
    static final List<String> REFUND_METHODS = List.of("CRYPTO_INVOICE", "CRYPTO_ADDRESS");
    static final Set<String> REFUND_PAID = Set.of("COMPLETED", "SUCCESSFUL", "SUCCESS", "PAID", "CONFIRMED");
    static final List<String> REFUND_STATUSES = List.of("PENDING", "INITIATED", "PROCESSING", "COMPLETED",
            "SUCCESSFUL", "SUCCESS", "PAID", "CONFIRMED", "FAILED");
    /** Statuses from which the provider may report: it can only act once it holds the crypto. */
    static final Set<BridgeStatus> PROVIDER_MAY_REPORT_FROM = Set.of(BridgeStatus.PAYMENT_CONFIRMED,
            BridgeStatus.SETTLING, BridgeStatus.SETTLEMENT_UNCONFIRMED);

    private final SandboxProperties properties;
    private final SandboxStore store;
    private final SandboxScheduler scheduler;
    private final WebhookPublisher publisher;
    private final BridgeRates rates;

    public BridgeService(SandboxProperties properties, SandboxStore store, SandboxScheduler scheduler,
                         WebhookPublisher publisher, BridgeRates rates) {
        this.properties = properties;
        this.store = store;
        this.scheduler = scheduler;
        this.publisher = publisher;
        this.rates = rates;
    }

    // ---------------------------------------------------------------- quote (§16.2)

    ObjectNode quote(JsonNode body) {
        Validation validation = Validation.of(body)
                .requireString("source_currency")
                .requirePositiveNumber("source_amount")
                .requireString("crypto_chain")
                .requireString("crypto_token");
        if (body.hasNonNull("requested_crypto_amount")) {
            validation.requirePositiveNumber("requested_crypto_amount");
        }
        validation.validate();
        List<String> unsupported = new ArrayList<>();
        if (!"KES".equals(body.get("source_currency").asText())) {
            unsupported.add("source_currency must be KES");
        }
        if (!"LIGHTNING".equals(body.get("crypto_chain").asText())) {
            unsupported.add("crypto_chain must be LIGHTNING");
        }
        if (!"MSAT".equals(body.get("crypto_token").asText())) {
            unsupported.add("crypto_token must be MSAT");
        }
        if (!unsupported.isEmpty()) {
            throw new SandboxApiException(400, "Invalid request parameters", Map.of("errors", unsupported));
        }
        return BridgeRates.view(rates.quote(body.get("source_amount").decimalValue(),
                body.get("source_currency").asText()));
    }

    // ---------------------------------------------------------------- create (§16.3–16.5)

    ObjectNode create(JsonNode body) {
        validateCreate(body);
        JsonNode payment = body.get("crypto_payment");
        boolean lightning = "LIGHTNING".equals(body.get("chain").asText());
        Instant invoiceExpiresAt = BridgeJson.parseInstant(payment.get("expires_at"));
        Instant now = Instant.now();
        if (lightning && !payment.get("bolt11").asText().toLowerCase().startsWith("ln")
                || invoiceExpiresAt != null
                && Duration.between(now, invoiceExpiresAt).compareTo(properties.getBridge().getMinInvoiceValidity()) < 0) {
            throw new SandboxApiException(422, "Invalid invoice or payment details");
        }
        String rateId = BridgeJson.text(body, "rate_id");
        if (rateId != null) {
            rates.check(rateId, body.get("source_currency").asText(), body.get("amount").decimalValue());
        }
        String providerReference = body.get("provider_reference_id").asText();
        SandboxStore.Created created = store.create(Family.BRIDGE, providerReference, () -> {
            if (rateId != null) {
                rates.consume(rateId);
            }
            return newTransfer(body, now, invoiceExpiresAt).transaction;
        });
        BridgeTransfer transfer = transfer(created.transaction());
        if (!created.created()) {
            throw new SandboxApiException(properties.getDuplicateStatus(), "Reference already used", Map.of(
                    "provider_reference_id", providerReference, "kotani_reference_id", transfer.kotaniReferenceId));
        }
        synchronized (transfer) {
            notifyStatus(transfer, BridgeStatus.DEPOSIT_INITIATED, now);
            scheduler.after(stageDelay(), () -> confirmDeposit(transfer));
            ObjectNode data = BridgeJson.object();
            data.put("kotani_reference_id", transfer.kotaniReferenceId);
            data.put("provider_reference_id", transfer.providerReferenceId);
            data.put("status", BridgeStatus.DEPOSIT_INITIATED.name());
            data.put("chain", transfer.chain);
            data.put("token", transfer.token);
            data.put("payment_hash", transfer.paymentHash);
            data.set("refund_config", refundConfigView(transfer, false));
            data.put("estimated_completion", BridgeJson.iso(now.plus(stageDelay().multipliedBy(3))
                    .plus(properties.getBridge().getSettlementDeadline())));
            data.put("created_at", BridgeJson.iso(now));
            if (transfer.collectionInstructions != null) {
                data.set("collection_instructions", transfer.collectionInstructions);
            }
            return data;
        }
    }

    private void validateCreate(JsonNode body) {
        Validation v = Validation.of(body)
                .requireString("customer_key")
                .requireString("provider_reference_id")
                .requirePositiveNumber("amount")
                .requireString("source_currency")
                .requireString("wallet_id");
        oneOf(v, body, "transaction_type", "transaction_type", TRANSACTION_TYPES);
        oneOf(v, body, "chain", "chain", CHAINS);
        oneOf(v, body, "token", "token", TOKENS);
        String chain = BridgeJson.text(body, "chain");
        v.check(!"LIGHTNING".equals(chain) || !body.hasNonNull("token") || "MSAT".equals(body.get("token").asText()),
                "token must be MSAT when chain is LIGHTNING");
        JsonNode payment = body.get("crypto_payment");
        if (object(v, payment, "crypto_payment")) {
            if ("LIGHTNING".equals(chain)) {
                v.requireString(payment, "bolt11", "crypto_payment.bolt11");
                v.requireString(payment, "payment_hash", "crypto_payment.payment_hash");
                v.requirePositiveNumber(payment, "amount_msat", "crypto_payment.amount_msat");
                isoDate(v, payment, "expires_at", "crypto_payment.expires_at", true);
            } else if (chain != null && CHAINS.contains(chain)) {
                v.requireString(payment, "address", "crypto_payment.address");
                v.requirePositiveNumber(payment, "crypto_amount", "crypto_payment.crypto_amount");
                isoDate(v, payment, "expires_at", "crypto_payment.expires_at", false);
            }
        }
        JsonNode settlement = body.get("settlement");
        if (object(v, settlement, "settlement")) {
            v.requirePositiveNumber(settlement, "amount", "settlement.amount");
            v.requireString(settlement, "currency", "settlement.currency");
            v.requireString(settlement, "country", "settlement.country");
            JsonNode recipient = settlement.get("recipient");
            if (object(v, recipient, "settlement.recipient")) {
                v.requireString(recipient, "phone_number", "settlement.recipient.phone_number");
                oneOf(v, recipient, "payment_method", "settlement.recipient.payment_method", PAYMENT_METHODS);
                String method = BridgeJson.text(recipient, "payment_method");
                if ("MOBILE_MONEY".equals(method)) {
                    v.requireString(recipient, "mobile_money_provider", "settlement.recipient.mobile_money_provider");
                } else if ("BANK_TRANSFER".equals(method)) {
                    v.requireString(recipient, "bank_account_number", "settlement.recipient.bank_account_number");
                    v.requireString(recipient, "bank_code", "settlement.recipient.bank_code");
                    v.requireString(recipient, "account_holder_name", "settlement.recipient.account_holder_name");
                }
            }
        }
        v.requireString("callback_url");
        String callback = BridgeJson.text(body, "callback_url");
        v.check(callback == null || callback.isBlank() || BridgeJson.isHttpUrl(callback),
                "callback_url must be a URL address");
        if (body.hasNonNull("source")) {
            JsonNode source = body.get("source");
            if (object(v, source, "source") && source.has("payment_method")) {
                oneOf(v, source, "payment_method", "source.payment_method", PAYMENT_METHODS);
            }
        }
        v.check(!body.hasNonNull("metadata") || body.get("metadata").isObject(), "metadata must be an object");
        v.check(!body.hasNonNull("rate_id") || body.get("rate_id").isTextual(), "rate_id must be a string");
        v.validate();
    }

    private BridgeTransfer newTransfer(JsonNode body, Instant now, Instant invoiceExpiresAt) {
        String kotaniReference = "KOTANI-BR-" + now.getEpochSecond() + "-" + BridgeJson.randomUpper(6);
        SandboxTransaction txn = new SandboxTransaction(kotaniReference, Family.BRIDGE, "deposit/crypto-bridge",
                body.get("provider_reference_id").asText(), store.nextReferenceNumber(), (ObjectNode) body,
                BridgeStatus.DEPOSIT_INITIATED.name(), now);
        JsonNode payment = body.get("crypto_payment");
        String chain = body.get("chain").asText();
        String paymentHash = payment.hasNonNull("payment_hash") ? payment.get("payment_hash").asText()
                : sha256Hex(payment.path("address").asText() + ":" + payment.path("crypto_amount").asText());
        ObjectNode instructions = null;
        if ("BANK_TRANSFER".equals(body.path("source").path("payment_method").asText())) {
            instructions = BridgeJson.object();
            instructions.put("bank_name", "Kotani Sandbox Bank");
            instructions.put("account_name", "Kotani Pay Sandbox Collections");
            instructions.put("account_number", "0110000000001");
            instructions.put("reference", kotaniReference);
            instructions.set("amount", BridgeJson.amount(body.get("amount").decimalValue()));
            instructions.put("currency", body.get("source_currency").asText());
            instructions.put("instructions", "Send " + body.get("source_currency").asText() + " "
                    + body.get("amount").decimalValue().toPlainString()
                    + " by PesaLink to the account above and quote " + kotaniReference + " as the narrative.");
        }
        Duration slowWindow = properties.getBridge().getSlowPaymentWindow();
        boolean slowPayment = invoiceExpiresAt != null && !slowWindow.isNegative() && !slowWindow.isZero()
                && Duration.between(now, invoiceExpiresAt).compareTo(slowWindow) < 0;
        BridgeTransfer transfer = new BridgeTransfer(txn, body, paymentHash, invoiceExpiresAt, instructions,
                BridgeJson.fallbackAddress(chain), slowPayment);
        if (transfer.lightning()) {
            issueRefundInvoice(transfer, now);
        }
        transfer.stage(BridgeTransfer.Stage.DEPOSIT, "PENDING", now);
        transfer.stage(BridgeTransfer.Stage.CRYPTO_PAYMENT, "PENDING", now);
        transfer.stage(BridgeTransfer.Stage.SETTLEMENT, "PENDING", now);
        txn.attributes().put("amount", transfer.amount);
        txn.attributes().put("currency", transfer.sourceCurrency);
        txn.attributes().put(BridgeTransfer.ATTRIBUTE, transfer);
        return transfer;
    }

    private void issueRefundInvoice(BridgeTransfer transfer, Instant now) {
        long msat = transfer.amountMsat == null ? 0 : transfer.amountMsat.longValue();
        transfer.refundInvoice = BridgeJson.bolt11(msat);
        transfer.refundPaymentHash = BridgeJson.randomHex(32);
        transfer.refundExpiresAt = now.plus(properties.getBridge().getRefundInvoiceValidity());
    }

    // ---------------------------------------------------------------- progression

    private void confirmDeposit(BridgeTransfer transfer) {
        synchronized (transfer) {
            if (transfer.status() != BridgeStatus.DEPOSIT_INITIATED) {
                return;
            }
            Instant now = Instant.now();
            transfer.stage(BridgeTransfer.Stage.DEPOSIT, "CONFIRMED", now);
            move(transfer, BridgeStatus.DEPOSIT_CONFIRMED, now);
            scheduler.after(paymentDelay(transfer, now), () -> payInvoice(transfer));
        }
    }

    /** The stage delay, or for a slow payment until just after the invoice has expired if that is later. */
    private Duration paymentDelay(BridgeTransfer transfer, Instant now) {
        if (!transfer.slowPayment) {
            return stageDelay();
        }
        Duration untilExpired = Duration.between(now, transfer.invoiceExpiresAt).plusMillis(1);
        return untilExpired.compareTo(stageDelay()) > 0 ? untilExpired : stageDelay();
    }

    private void payInvoice(BridgeTransfer transfer) {
        synchronized (transfer) {
            if (transfer.status() != BridgeStatus.DEPOSIT_CONFIRMED) {
                return;
            }
            Instant now = Instant.now();
            if (transfer.slowPayment && now.isBefore(transfer.invoiceExpiresAt)) {
                scheduler.after(Duration.between(now, transfer.invoiceExpiresAt).plusMillis(1),
                        () -> payInvoice(transfer));
                return;
            }
            if (transfer.invoiceExpiresAt != null && !now.isBefore(transfer.invoiceExpiresAt)) {
                transfer.kotaniFailure = true;
                transfer.failureStage = "CRYPTO_PAYMENT";
                transfer.failureReason = "INVOICE_EXPIRED";
                transfer.failureMessage = "The provider invoice expired before Kotani could pay it; the source fiat "
                        + "is refunded to the customer.";
                transfer.failedAt = now;
                transfer.stage(BridgeTransfer.Stage.CRYPTO_PAYMENT, "FAILED", now);
                transfer.stage(BridgeTransfer.Stage.DEPOSIT, "REFUNDED", now);
                transfer.stage(BridgeTransfer.Stage.SETTLEMENT, "CANCELLED", now);
                move(transfer, BridgeStatus.FAILED, now);
                return;
            }
            transfer.stage(BridgeTransfer.Stage.CRYPTO_PAYMENT, "SENT", now);
            move(transfer, BridgeStatus.PAYMENT_SENT, now);
            scheduler.after(stageDelay(), () -> confirmPayment(transfer));
        }
    }

    private void confirmPayment(BridgeTransfer transfer) {
        synchronized (transfer) {
            if (transfer.status() != BridgeStatus.PAYMENT_SENT) {
                return;
            }
            Instant now = Instant.now();
            transfer.stage(BridgeTransfer.Stage.CRYPTO_PAYMENT, "CONFIRMED", now);
            move(transfer, BridgeStatus.PAYMENT_CONFIRMED, now);
            armSettlementDeadline(transfer);
        }
    }

    /** (Re)starts the settlement deadline; only the latest armed deadline can fire. Caller holds the lock. */
    private void armSettlementDeadline(BridgeTransfer transfer) {
        long token = ++transfer.deadlineToken;
        scheduler.after(properties.getBridge().getSettlementDeadline(), () -> settlementDeadline(transfer, token));
    }

    private void settlementDeadline(BridgeTransfer transfer, long token) {
        synchronized (transfer) {
            BridgeStatus status = transfer.status();
            if (token != transfer.deadlineToken
                    || status != BridgeStatus.PAYMENT_CONFIRMED && status != BridgeStatus.SETTLING) {
                return;
            }
            Instant now = Instant.now();
            transfer.stage(BridgeTransfer.Stage.SETTLEMENT, "UNCONFIRMED", now);
            move(transfer, BridgeStatus.SETTLEMENT_UNCONFIRMED, now);
        }
    }

    private void refund(BridgeTransfer transfer) {
        synchronized (transfer) {
            if (transfer.status() != BridgeStatus.FAILED || !transfer.refundPaid) {
                return;
            }
            Instant now = Instant.now();
            transfer.stage(BridgeTransfer.Stage.DEPOSIT, "REFUNDED", now);
            move(transfer, BridgeStatus.REFUNDED, now);
        }
    }

    /** Applies an allowed transition and tells the provider. Caller holds the lock. */
    private void move(BridgeTransfer transfer, BridgeStatus to, Instant at) {
        BridgeStatus from = transfer.status();
        if (!from.canMoveTo(to)) {
            throw new IllegalStateException("bridge transition " + from + " -> " + to + " is not allowed");
        }
        boolean terminal = to == BridgeStatus.COMPLETED || to == BridgeStatus.REFUNDED
                || to == BridgeStatus.FAILED && transfer.kotaniFailure;
        transfer.transaction.moveTo(to.name(), terminal, at);
        notifyStatus(transfer, to, at);
    }

    private void notifyStatus(BridgeTransfer transfer, BridgeStatus status, Instant at) {
        ObjectNode data = BridgeJson.object();
        data.put("kotani_reference_id", transfer.kotaniReferenceId);
        data.put("provider_reference_id", transfer.providerReferenceId);
        data.put("status", status.name());
        data.put("stage", status == BridgeStatus.FAILED ? transfer.failureStage : status.stage());
        if (status == BridgeStatus.FAILED) {
            data.put("failure_stage", transfer.failureStage);
            data.put("failure_reason", transfer.failureReason);
            data.put("failure_message", transfer.failureMessage);
        }
        if (status == BridgeStatus.FAILED || status == BridgeStatus.PAYMENT_SENT) {
            data.set("refund_config", refundConfigView(transfer, false));
        }
        data.put("timestamp", BridgeJson.iso(at));
        publisher.publish(IntegratorSettings.BRIDGE_EVENT, data, transfer.callbackUrl, transfer.kotaniReferenceId);
    }

    // ---------------------------------------------------------------- provider settlement webhook (§16.8)

    ObjectNode providerReport(JsonNode body) {
        BridgeStatus reported = validateReport(body);
        if (!BridgeStatus.PROVIDER_REPORTABLE.contains(reported)) {
            throw SandboxApiException.badRequest("The provider may report only SETTLING, COMPLETED or FAILED, not "
                    + reported);
        }
        BridgeTransfer transfer = find(body.get("kotani_reference_id").asText());
        if (!transfer.providerReferenceId.equals(body.get("provider_reference_id").asText())) {
            throw SandboxApiException.badRequest("provider_reference_id does not match the transaction");
        }
        if (!transfer.paymentHash.equals(body.get("crypto_payment").get("payment_hash").asText())) {
            throw SandboxApiException.badRequest("crypto_payment.payment_hash does not match the transaction");
        }
        synchronized (transfer) {
            BridgeStatus current = transfer.status();
            Instant now = Instant.now();
            switch (reported) {
                case SETTLING -> {
                    if (current != BridgeStatus.SETTLING) {
                        requireProviderTransition(current, reported);
                        transfer.stage(BridgeTransfer.Stage.SETTLEMENT, "SETTLING", now);
                        move(transfer, BridgeStatus.SETTLING, now);
                        armSettlementDeadline(transfer);
                    }
                }
                case COMPLETED -> {
                    if (current != BridgeStatus.COMPLETED) {
                        requireProviderTransition(current, reported);
                        transfer.settlementDetails = body.get("settlement_details");
                        transfer.deadlineToken++;
                        transfer.stage(BridgeTransfer.Stage.SETTLEMENT, "COMPLETED", now);
                        move(transfer, BridgeStatus.COMPLETED, now);
                    }
                }
                default -> failed(transfer, current, body, now);
            }
            ObjectNode data = BridgeJson.object();
            data.put("kotani_reference_id", transfer.kotaniReferenceId);
            data.put("provider_reference_id", transfer.providerReferenceId);
            data.put("status", transfer.status().name());
            return data;
        }
    }

    /** A FAILED report: the settlement failure itself and/or the state of the provider's crypto refund. */
    private void failed(BridgeTransfer transfer, BridgeStatus current, JsonNode body, Instant now) {
        boolean alreadyFailed = current == BridgeStatus.FAILED;
        if (alreadyFailed && transfer.kotaniFailure) {
            throw SandboxApiException.badRequest("Invalid status transition: the transaction already FAILED at stage "
                    + "CRYPTO_PAYMENT (the invoice was never paid, so there is nothing to settle or refund)");
        }
        if (!alreadyFailed) {
            requireProviderTransition(current, BridgeStatus.FAILED);
        }
        JsonNode refund = body.get("refund_details");
        boolean refundReported = refund != null && !refund.isNull();
        if (refundReported) {
            checkRefund(transfer, refund);
        }
        if (!alreadyFailed) {
            JsonNode failure = body.get("failure_details");
            transfer.failureStage = failure.get("failure_stage").asText();
            transfer.failureReason = failure.get("failure_reason").asText();
            transfer.failureMessage = failure.get("failure_message").asText();
            transfer.failedAt = BridgeJson.parseInstant(failure.get("failed_at"));
            transfer.deadlineToken++;
            transfer.stage(BridgeTransfer.Stage.SETTLEMENT, "FAILED", now);
            move(transfer, BridgeStatus.FAILED, now);
        }
        if (refundReported && !transfer.refundPaid) {
            transfer.refundDetails = refund;
            if (REFUND_PAID.contains(refund.get("refund_status").asText())) {
                transfer.refundPaid = true;
                scheduler.after(stageDelay(), () -> refund(transfer));
            }
        }
    }

    private void checkRefund(BridgeTransfer transfer, JsonNode refund) {
        String method = refund.get("refund_method_used").asText();
        if (!"CRYPTO_INVOICE".equals(method)) {
            return;
        }
        if (!transfer.lightning()) {
            throw SandboxApiException.badRequest("refund_details.refund_method_used CRYPTO_INVOICE is only available "
                    + "for Lightning transfers; send the refund to fallback_address (CRYPTO_ADDRESS)");
        }
        String invoice = BridgeJson.text(refund, "refund_invoice");
        String hash = BridgeJson.text(refund, "refund_payment_hash");
        if (invoice != null && !invoice.equals(transfer.refundInvoice)
                || hash != null && !hash.equals(transfer.refundPaymentHash)) {
            throw SandboxApiException.badRequest("refund_details does not match the current refund invoice");
        }
        Instant initiated = BridgeJson.parseInstant(refund.get("refund_initiated_at"));
        if (!initiated.isBefore(transfer.refundExpiresAt)) {
            throw SandboxApiException.badRequest("The refund invoice expired at " + BridgeJson.iso(
                    transfer.refundExpiresAt) + "; send the refund to fallback_address (CRYPTO_ADDRESS) or "
                    + "regenerate the invoice");
        }
    }

    private static void requireProviderTransition(BridgeStatus current, BridgeStatus reported) {
        if (PROVIDER_MAY_REPORT_FROM.contains(current) && current.canMoveTo(reported)) {
            return;
        }
        boolean early = current == BridgeStatus.DEPOSIT_INITIATED || current == BridgeStatus.DEPOSIT_CONFIRMED
                || current == BridgeStatus.PAYMENT_SENT;
        throw SandboxApiException.badRequest("Invalid status transition from " + current + " to " + reported
                + (early ? ": the provider can report only after PAYMENT_CONFIRMED" : ""));
    }

    private BridgeStatus validateReport(JsonNode body) {
        Validation v = Validation.of(body);
        v.check("SETTLEMENT_STATUS_UPDATE".equals(BridgeJson.text(body, "webhook_type")),
                "webhook_type must be one of the following values: SETTLEMENT_STATUS_UPDATE");
        v.requireString("provider_reference_id").requireString("kotani_reference_id");
        BridgeStatus reported = BridgeStatus.parse(BridgeJson.text(body, "status"));
        v.check(reported != null, "status must be one of the following values: "
                + String.join(", ", Arrays.stream(BridgeStatus.values()).map(Enum::name).toList()));
        isoDate(v, body, "timestamp", "timestamp", true);
        JsonNode payment = body.get("crypto_payment");
        if (object(v, payment, "crypto_payment")) {
            v.requireString(payment, "chain", "crypto_payment.chain");
            v.requireString(payment, "token", "crypto_payment.token");
            v.requireString(payment, "payment_hash", "crypto_payment.payment_hash");
            isoDate(v, payment, "received_at", "crypto_payment.received_at", true);
            if (payment.hasNonNull("amount_msat")) {
                v.requirePositiveNumber(payment, "amount_msat", "crypto_payment.amount_msat");
            }
            if (payment.hasNonNull("crypto_amount")) {
                v.requirePositiveNumber(payment, "crypto_amount", "crypto_payment.crypto_amount");
            }
        }
        if (reported == BridgeStatus.COMPLETED) {
            JsonNode details = body.get("settlement_details");
            if (object(v, details, "settlement_details")) {
                v.requirePositiveNumber(details, "amount", "settlement_details.amount");
                v.requireString(details, "currency", "settlement_details.currency");
                v.requireString(details, "recipient_phone", "settlement_details.recipient_phone");
                oneOf(v, details, "payment_method", "settlement_details.payment_method", PAYMENT_METHODS);
                v.requireString(details, "transaction_id", "settlement_details.transaction_id");
                isoDate(v, details, "settled_at", "settlement_details.settled_at", true);
            }
        } else if (body.hasNonNull("settlement_details")) {
            v.check(body.get("settlement_details").isObject(), "settlement_details must be an object");
        }
        if (reported == BridgeStatus.FAILED) {
            JsonNode failure = body.get("failure_details");
            if (object(v, failure, "failure_details")) {
                oneOf(v, failure, "failure_stage", "failure_details.failure_stage", FAILURE_STAGES);
                v.requireString(failure, "failure_reason", "failure_details.failure_reason");
                v.requireString(failure, "failure_message", "failure_details.failure_message");
                isoDate(v, failure, "failed_at", "failure_details.failed_at", true);
            }
        }
        JsonNode refund = body.get("refund_details");
        if (refund != null && !refund.isNull()) {
            v.check(reported == null || reported == BridgeStatus.FAILED,
                    "refund_details is only accepted with status FAILED");
            if (object(v, refund, "refund_details")) {
                oneOf(v, refund, "refund_method_used", "refund_details.refund_method_used", REFUND_METHODS);
                v.requireString(refund, "chain", "refund_details.chain");
                v.requireString(refund, "token", "refund_details.token");
                isoDate(v, refund, "refund_initiated_at", "refund_details.refund_initiated_at", true);
                oneOf(v, refund, "refund_status", "refund_details.refund_status", REFUND_STATUSES);
            }
        }
        v.check(!body.hasNonNull("metadata") || body.get("metadata").isObject(), "metadata must be an object");
        v.validate();
        return reported;
    }

    // ---------------------------------------------------------------- status and refund config (§16.5–16.6)

    ObjectNode status(String kotaniReference) {
        BridgeTransfer transfer = find(kotaniReference);
        synchronized (transfer) {
            BridgeStatus status = transfer.status();
            ObjectNode data = BridgeJson.object();
            data.put("kotani_reference_id", transfer.kotaniReferenceId);
            data.put("provider_reference_id", transfer.providerReferenceId);
            data.put("status", status.name());
            data.put("transaction_type", transfer.transactionType);
            data.put("chain", transfer.chain);
            data.put("token", transfer.token);
            ObjectNode stages = data.putObject("stages");
            ObjectNode deposit = stage(stages, "deposit", transfer, BridgeTransfer.Stage.DEPOSIT);
            deposit.set("amount", BridgeJson.amount(transfer.amount));
            deposit.put("currency", transfer.sourceCurrency);
            ObjectNode crypto = stage(stages, "crypto_payment", transfer, BridgeTransfer.Stage.CRYPTO_PAYMENT);
            crypto.put("chain", transfer.chain);
            crypto.put("token", transfer.token);
            crypto.put("payment_hash", transfer.paymentHash);
            if (transfer.amountMsat != null) {
                crypto.set("amount_msat", BridgeJson.amount(transfer.amountMsat));
            }
            if (transfer.cryptoAmount != null) {
                crypto.set("crypto_amount", BridgeJson.amount(transfer.cryptoAmount));
            }
            ObjectNode settlement = stage(stages, "settlement", transfer, BridgeTransfer.Stage.SETTLEMENT);
            settlement.set("amount", BridgeJson.amount(transfer.settlement.get("amount").decimalValue()));
            settlement.put("currency", transfer.settlement.get("currency").asText());
            data.set("metadata", transfer.metadata == null ? BridgeJson.object() : transfer.metadata);
            if (status == BridgeStatus.FAILED || status == BridgeStatus.PAYMENT_SENT) {
                data.set("refund_config", refundConfigView(transfer, false));
            }
            if (transfer.collectionInstructions != null) {
                data.set("collection_instructions", transfer.collectionInstructions);
            }
            if (transfer.failureStage != null) {
                ObjectNode failure = data.putObject("failure_details");
                failure.put("failure_stage", transfer.failureStage);
                failure.put("failure_reason", transfer.failureReason);
                failure.put("failure_message", transfer.failureMessage);
                failure.put("failed_at", BridgeJson.iso(transfer.failedAt));
            }
            if (transfer.settlementDetails != null) {
                data.set("settlement_details", transfer.settlementDetails);
            }
            if (transfer.refundDetails != null) {
                data.set("refund_details", transfer.refundDetails);
            }
            ArrayNode history = data.putArray("history");
            for (SandboxTransaction.StatusChange change : transfer.transaction.history()) {
                history.addObject().put("status", change.status()).put("timestamp", BridgeJson.iso(change.at()));
            }
            data.put("created_at", BridgeJson.iso(transfer.transaction.createdAt()));
            data.put("updated_at", BridgeJson.iso(transfer.transaction.updatedAt()));
            return data;
        }
    }

    private static ObjectNode stage(ObjectNode stages, String name, BridgeTransfer transfer,
                                    BridgeTransfer.Stage stage) {
        BridgeTransfer.StageState state = transfer.stages.get(stage);
        ObjectNode node = stages.putObject(name);
        node.put("status", state.status());
        node.put("timestamp", BridgeJson.iso(state.at()));
        return node;
    }

    ObjectNode refundConfig(String kotaniReference) {
        BridgeTransfer transfer = find(kotaniReference);
        synchronized (transfer) {
            return refundConfigView(transfer, true);
        }
    }

    /**
     * Regenerates an expired Lightning refund invoice (§16.5): Lightning only, not in COMPLETED/REFUNDED, at most
     * {@value BridgeTransfer#MAX_REGENERATIONS} times, only once the current invoice has expired, and at least
     * {@code regeneration-interval} after the previous regeneration.
     */
    ObjectNode regenerate(String kotaniReference) {
        BridgeTransfer transfer = find(kotaniReference);
        synchronized (transfer) {
            BridgeStatus status = transfer.status();
            Instant now = Instant.now();
            if (status == BridgeStatus.COMPLETED || status == BridgeStatus.REFUNDED) {
                throw SandboxApiException.badRequest("Refund invoice cannot be regenerated for a transaction in status "
                        + status);
            }
            if (!transfer.lightning()) {
                throw SandboxApiException.badRequest("Refund invoice regeneration is only available for Lightning "
                        + "transfers");
            }
            if (transfer.regenerations >= BridgeTransfer.MAX_REGENERATIONS) {
                throw new SandboxApiException(400, "Invoice not yet expired or max regenerations reached",
                        Map.of("reason", "max regenerations (" + BridgeTransfer.MAX_REGENERATIONS + ") reached"));
            }
            if (now.isBefore(transfer.refundExpiresAt)) {
                throw new SandboxApiException(400, "Invoice not yet expired or max regenerations reached",
                        Map.of("reason", "the refund invoice expires at " + BridgeJson.iso(transfer.refundExpiresAt)));
            }
            Duration interval = properties.getBridge().getRegenerationInterval();
            if (transfer.lastRegeneration != null && now.isBefore(transfer.lastRegeneration.plus(interval))) {
                throw new SandboxApiException(400, "Refund invoice was regenerated less than " + interval.toMillis()
                        / 1000.0 + " seconds ago", Map.of("retry_at", BridgeJson.iso(
                        transfer.lastRegeneration.plus(interval))));
            }
            issueRefundInvoice(transfer, now);
            transfer.regenerations++;
            transfer.lastRegeneration = now;
            return refundConfigView(transfer, true);
        }
    }

    private ObjectNode refundConfigView(BridgeTransfer transfer, boolean withCounts) {
        ObjectNode config = BridgeJson.object();
        config.put("primary_method", transfer.lightning() ? "CRYPTO_INVOICE" : "CRYPTO_ADDRESS");
        config.put("chain", transfer.chain);
        config.put("token", transfer.token);
        if (transfer.lightning()) {
            config.put("refund_invoice", transfer.refundInvoice);
            config.put("refund_payment_hash", transfer.refundPaymentHash);
            if (transfer.amountMsat != null) {
                config.set("refund_amount_msat", BridgeJson.amount(transfer.amountMsat));
            }
        } else if (transfer.cryptoAmount != null) {
            config.set("refund_crypto_amount", BridgeJson.amount(transfer.cryptoAmount));
        }
        config.put("fallback_address", transfer.fallbackAddress);
        config.put("fallback_method", "CRYPTO_ADDRESS");
        if (transfer.lightning()) {
            config.put("expires_at", BridgeJson.iso(transfer.refundExpiresAt));
        }
        if (withCounts) {
            config.put("regeneration_count", transfer.regenerations);
            config.put("regenerations_remaining", transfer.lightning()
                    ? BridgeTransfer.MAX_REGENERATIONS - transfer.regenerations : 0);
        }
        return config;
    }

    // ---------------------------------------------------------------- helpers

    private BridgeTransfer find(String kotaniReference) {
        return store.find(Family.BRIDGE, kotaniReference)
                .filter(txn -> txn.id().equals(kotaniReference))
                .map(BridgeService::transfer)
                .orElseThrow(() -> SandboxApiException.notFound("Transaction not found"));
    }

    private static BridgeTransfer transfer(SandboxTransaction txn) {
        return (BridgeTransfer) txn.attributes().get(BridgeTransfer.ATTRIBUTE);
    }

    private Duration stageDelay() {
        return properties.getBridge().getStageDelay();
    }

    private static boolean object(Validation v, JsonNode node, String label) {
        boolean ok = node != null && node.isObject();
        v.check(ok, label + " must be an object");
        return ok;
    }

    private static void oneOf(Validation v, JsonNode node, String field, String label, List<String> allowed) {
        String value = node.hasNonNull(field) && node.get(field).isTextual() ? node.get(field).asText() : null;
        v.check(value != null && allowed.contains(value),
                label + " must be one of the following values: " + String.join(", ", allowed));
    }

    private static void isoDate(Validation v, JsonNode node, String field, String label, boolean required) {
        if (!required && !node.hasNonNull(field)) {
            return;
        }
        v.check(BridgeJson.parseInstant(node.get(field)) != null, label + " must be a valid ISO 8601 date string");
    }

    private static String sha256Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

package io.kotanihub.bridge;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kotanihub.common.logging.LogText;
import io.kotanihub.kotani.KotaniProperties;
import io.kotanihub.kotani.KotaniResponse;
import io.kotanihub.kotani.PayoutWallets;
import io.kotanihub.rest.ApiProblem;
import io.kotanihub.webhook.KotaniWebhookProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The provider's side of the crypto bridge (REFERENCE §16): creates (checked, stored, then sent to Kotani once),
 * the provider's settlement and refund reports (checked and stored in the report outbox), Kotani's callbacks and
 * polled statuses (through the {@link BridgeLedger}'s status machine), refund instructions after a failed
 * settlement (the refund invoice, regenerated while Kotani allows it, else the fallback address), and the recovery
 * of creates whose answer was lost.
 */
@Component
public class BridgeService {

    private static final Logger LOG = LoggerFactory.getLogger(BridgeService.class);
    private static final Duration WALLET_RETRY = Duration.ofSeconds(5);
    static final Set<String> REFUND_PAID = Set.of("COMPLETED", "SUCCESSFUL", "SUCCESS", "PAID", "CONFIRMED");
    private static final Set<TransferStatus> PROVIDER_MAY_REPORT_FROM = Set.of(TransferStatus.PAYMENT_CONFIRMED,
            TransferStatus.SETTLING, TransferStatus.SETTLEMENT_UNCONFIRMED);

    /** The result of a create: the transfer and whether this call created it. */
    public record CreateResult(BridgeTransfer transfer, boolean created) { }

    private final BridgeLedger ledger;
    private final BridgeClient client;
    private final BridgeProperties properties;
    private final KotaniProperties kotani;
    private final KotaniWebhookProperties webhooks;
    private final Environment environment;
    private final PayoutWallets wallets;

    public BridgeService(BridgeLedger ledger, BridgeClient client, BridgeProperties properties,
                         KotaniProperties kotani, KotaniWebhookProperties webhooks, Environment environment,
                         PayoutWallets wallets) {
        this.ledger = ledger;
        this.client = client;
        this.properties = properties;
        this.kotani = kotani;
        this.webhooks = webhooks;
        this.environment = environment;
        this.wallets = wallets;
    }

    // ------------------------------------------------------------------ create

    /**
     * Checks the request (an invoice expiring too soon is refused here, before Kotani is called), stores the transfer
     * (the provider reference is unique in the database), sends it to Kotani and stores Kotani's answer at once.
     * The same request again returns the stored transfer; another request under the same reference is a 409.
     */
    public CreateResult create(ObjectNode request, String source) {
        ObjectNode body = BridgeRequests.prepareCreateWithWallets(request, walletSource(), defaultCallbackUrl(),
                properties.getMinInvoiceValidity(), Instant.now());
        String json = BridgeLedger.write(body);
        String hash = BridgeRequests.sha256(BridgeLedger.write(withoutDefaults(body, request)));
        String reference = body.get("provider_reference_id").asText();
        JsonNode payment = body.get("crypto_payment");
        Optional<Long> id = ledger.insert(new BridgeLedger.NewTransfer(reference, json, hash, source,
                BridgeRequests.decimal(body, "amount"), body.get("source_currency").asText(),
                body.get("chain").asText(), body.get("token").asText(),
                payment.hasNonNull("payment_hash") ? payment.get("payment_hash").asText() : null,
                BridgeRequests.instant(payment.get("expires_at"))));
        if (id.isEmpty()) {
            BridgeTransfer existing = ledger.find(reference).orElseThrow();
            if (!existing.requestHash().equals(hash)) {
                throw new ApiProblem(409, "Reference already used", "provider_reference_id " + reference
                        + " is already used by a transfer with different content");
            }
            LOG.info("bridge {}: the same create again; the stored transfer is returned", LogText.value(reference));
            return new CreateResult(existing, false);
        }
        submit(id.get(), json);
        return new CreateResult(ledger.get(id.get()).orElseThrow(), true);
    }

    /**
     * The wallet for a create without {@code wallet_id}: {@code hub.bridge.wallet-id} when configured, else the
     * integrator's fiat wallet of the transfer's source currency (§16.3: Kotani collects the source fiat into it),
     * found as payouts find theirs ({@link PayoutWallets}: {@code hub.kotani.payout-wallets}, else discovered from
     * Kotani's wallet list and remembered). Kotani not answering the look-up now is a 503 (nothing is stored, the
     * provider tries again); Kotani having no such wallet is a 422.
     */
    private BridgeRequests.WalletSource walletSource() {
        String configured = properties.getWalletId();
        if (configured != null && !configured.isBlank()) {
            return currency -> configured.strip();
        }
        return currency -> {
            PayoutWallets.Lookup lookup = wallets.forCurrency(currency, WALLET_RETRY);
            if (lookup.walletId() != null) {
                return lookup.walletId();
            }
            if (lookup.retryAt() != null) {
                throw new ApiProblem(503, "Service Unavailable", "the Kotani wallet for " + currency
                        + " could not be looked up now; send the request again shortly (or send wallet_id)");
            }
            throw new ApiProblem(422, "No wallet for the source currency", lookup.failure()
                    + "; send wallet_id or configure hub.bridge.wallet-id");
        };
    }

    /** The part of the request that identifies it: what the provider sent, without the hub's defaults. */
    private static ObjectNode withoutDefaults(ObjectNode body, ObjectNode request) {
        ObjectNode copy = body.deepCopy();
        if (!request.hasNonNull("wallet_id")) {
            copy.remove("wallet_id");
        }
        if (!request.hasNonNull("callback_url")) {
            copy.remove("callback_url");
        }
        return copy;
    }

    /** Sends a stored create to Kotani and records the answer. */
    void submit(long id, String json) {
        KotaniResponse response = client.create(json);
        switch (response.outcome()) {
            case ACCEPTED -> recordAccepted(id, response.data());
            case REJECTED -> {
                String kotaniReference = response.text("kotani_reference_id");
                if (kotaniReference != null) {
                    adopt(id, kotaniReference);
                } else {
                    LOG.warn("bridge transfer #{}: Kotani refused the create ({}): {}", id, response.httpStatus(),
                            response.message());
                    ledger.recordCreateProblem(id, BridgeTransfer.REJECTED, response.message());
                }
            }
            case RATE_LIMITED, NOT_SENT -> ledger.recordCreateProblem(id, BridgeTransfer.PENDING, response.message());
            case UNKNOWN -> {
                LOG.warn("bridge transfer #{}: no answer from Kotani ({}); it will be asked again", id,
                        response.message());
                ledger.recordCreateProblem(id, BridgeTransfer.UNKNOWN, response.message());
            }
        }
    }

    private void recordAccepted(long id, JsonNode data) {
        String kotaniReference = text(data, "kotani_reference_id");
        if (kotaniReference == null) {
            ledger.recordCreateProblem(id, BridgeTransfer.UNKNOWN, "Kotani's answer has no kotani_reference_id");
            return;
        }
        Instant at = Optional.ofNullable(BridgeRequests.instant(data.get("created_at"))).orElse(Instant.now());
        ledger.recordCreated(id, kotaniReference, text(data, "payment_hash"), data.get("refund_config"),
                TransferStatus.DEPOSIT_INITIATED, at);
    }

    /** Kotani already has this provider reference (an earlier create whose answer was lost): take its state. */
    private void adopt(long id, String kotaniReference) {
        KotaniResponse status = client.status(kotaniReference);
        if (!status.accepted()) {
            ledger.recordCreateProblem(id, BridgeTransfer.UNKNOWN, "Kotani has " + kotaniReference
                    + " but its status could not be read: " + status.message());
            return;
        }
        JsonNode config = status.data().get("refund_config");
        if (config == null || config.isNull()) {
            KotaniResponse refund = client.refundConfig(kotaniReference);
            config = refund.accepted() ? refund.data() : null;
        }
        Instant created = Optional.ofNullable(BridgeRequests.instant(status.data().get("created_at")))
                .orElse(Instant.now());
        ledger.recordCreated(id, kotaniReference, status.text("payment_hash"), config,
                TransferStatus.DEPOSIT_INITIATED, created);
        LOG.info("bridge transfer #{}: adopted {} that Kotani already had", id, kotaniReference);
        applyStatus(id, status.data(), "POLL", Instant.now());
    }

    /** Creates not confirmed by Kotani (never sent, or answer lost) are sent again; Kotani dedupes by reference. */
    public int retryUnconfirmedCreates() {
        Duration quiet = kotani.getRequestTimeout().multipliedBy(2);
        List<BridgeTransfer> due = ledger.leaseUnconfirmedCreates(quiet, 20);
        for (BridgeTransfer t : due) {
            LOG.info("bridge {}: create not confirmed by Kotani ({}); sending it again", t.providerReferenceId(),
                    t.createState());
            submit(t.id(), t.requestJson());
        }
        return due.size();
    }

    String defaultCallbackUrl() {
        if (properties.getCallbackUrl() != null && !properties.getCallbackUrl().isBlank()) {
            return properties.getCallbackUrl().strip();
        }
        String base = webhooks.getPublicBaseUrl();
        if (base == null || base.isBlank()) {
            String port = environment.getProperty("local.server.port", environment.getProperty("server.port", "8080"));
            base = "http://localhost:" + port;
        }
        return base.replaceAll("/+$", "") + "/webhooks/kotani/bridge";
    }

    // ------------------------------------------------------------------ the provider's reports

    public BridgeTransfer require(String providerReference) {
        return ledger.find(providerReference).orElseThrow(() -> new ApiProblem(404, "Not Found",
                "no bridge transfer with provider_reference_id " + providerReference));
    }

    /** The provider's settlement outcome (§16.8): stored as a signed report for Kotani, delivered by the outbox. */
    public BridgeTransfer settlement(String providerReference, ObjectNode report) {
        BridgeTransfer t = require(providerReference);
        String status = BridgeRequests.checkSettlement(report);
        if (!BridgeTransfer.CREATED.equals(t.createState())) {
            throw new ApiProblem(409, "Not at Kotani yet", "the transfer is " + t.createState() + " at Kotani");
        }
        if (status.equals(t.lastReport())) {
            return t;
        }
        if ("COMPLETED".equals(t.lastReport()) || "FAILED".equals(t.lastReport())) {
            throw new ApiProblem(409, "Settlement already reported", "the provider already reported "
                    + t.lastReport() + " for this transfer");
        }
        if (!PROVIDER_MAY_REPORT_FROM.contains(t.status())) {
            throw new ApiProblem(409, "Settlement not possible now", "the transfer is " + t.status()
                    + "; a settlement can be reported only once the crypto arrived (PAYMENT_CONFIRMED)");
        }
        ObjectNode body = reportBody(t, status, report);
        if ("COMPLETED".equals(status)) {
            body.set("settlement_details", report.get("settlement_details"));
        } else if ("FAILED".equals(status)) {
            body.set("failure_details", report.get("failure_details"));
        }
        if (report.get("metadata") instanceof ObjectNode metadata) {
            body.set("metadata", metadata);
        }
        ledger.enqueueReport(t.id(), status, BridgeLedger.write(body));
        LOG.info("bridge {}: settlement {} stored for delivery to Kotani", providerReference, status);
        return ledger.get(t.id()).orElseThrow();
    }

    /**
     * The provider's report that it returned the crypto (§16.8 {@code refund_details}): by the current refund
     * invoice while it is valid, or to the fallback address. Sent to Kotani as a FAILED report with the refund.
     */
    public BridgeTransfer refund(String providerReference, ObjectNode report) {
        BridgeTransfer t = require(providerReference);
        ObjectNode details = BridgeRequests.checkRefund(report);
        if (t.status() != TransferStatus.FAILED || !"SETTLEMENT".equals(t.failureStage())) {
            throw new ApiProblem(409, "No refund due", "a refund is due only after a FAILED settlement; the transfer is "
                    + t.status());
        }
        if (!details.hasNonNull("chain")) {
            details.put("chain", t.chain());
        }
        if (!details.hasNonNull("token")) {
            details.put("token", t.token());
        }
        if (!details.hasNonNull("refund_initiated_at")) {
            details.put("refund_initiated_at", Instant.now().toString());
        }
        JsonNode config = readConfig(t);
        if ("CRYPTO_INVOICE".equals(details.get("refund_method_used").asText())) {
            String current = config == null ? null : text(config, "refund_invoice");
            if (!t.lightning() || current == null) {
                throw new ApiProblem(409, "No refund invoice", "this transfer has no refund invoice; send the crypto "
                        + "to the fallback_address (CRYPTO_ADDRESS)");
            }
            if (details.hasNonNull("refund_invoice") && !current.equals(details.get("refund_invoice").asText())) {
                throw new ApiProblem(409, "Not the current refund invoice", "refund_invoice is not the current "
                        + "refund invoice of the transfer (see its refund_config)");
            }
            Instant initiated = BridgeRequests.instant(details.get("refund_initiated_at"));
            if (t.refundExpiresAt() != null && initiated != null && !initiated.isBefore(t.refundExpiresAt())) {
                throw new ApiProblem(409, "Refund invoice expired", "the refund invoice expired at "
                        + t.refundExpiresAt() + "; use the newer invoice or the fallback_address of the latest "
                        + "REFUND_REQUIRED event");
            }
            details.put("refund_invoice", current);
            copyIfAbsent(config, details, "refund_payment_hash");
            copyIfAbsent(config, details, "refund_amount_msat");
        } else {
            copyIfAbsent(config, details, "refund_crypto_amount");
            copyIfAbsent(config, details, "refund_amount_msat");
        }
        ObjectNode body = reportBody(t, "FAILED", report);
        ObjectNode failure = body.putObject("failure_details");
        failure.put("failure_stage", "SETTLEMENT");
        failure.put("failure_reason", t.failureReason() == null ? "SETTLEMENT_FAILED" : t.failureReason());
        failure.put("failure_message", t.failureMessage() == null ? "Settlement failed" : t.failureMessage());
        failure.put("failed_at", ledger.history(t.id()).stream().filter(h -> h.status() == TransferStatus.FAILED)
                .map(h -> h.at().toString()).findFirst().orElse(Instant.now().toString()));
        body.set("refund_details", details);
        ledger.enqueueReport(t.id(), "FAILED", BridgeLedger.write(body));
        if (REFUND_PAID.contains(details.get("refund_status").asText())) {
            ledger.refundReported(t.id());
        }
        LOG.info("bridge {}: refund by {} ({}) stored for delivery to Kotani", providerReference,
                details.get("refund_method_used").asText(), details.get("refund_status").asText());
        return ledger.get(t.id()).orElseThrow();
    }

    /** The members every §16.8 report starts with. */
    private ObjectNode reportBody(BridgeTransfer t, String status, ObjectNode report) {
        ObjectNode body = BridgeClient.JSON.createObjectNode();
        body.put("webhook_type", "SETTLEMENT_STATUS_UPDATE");
        body.put("provider_reference_id", t.providerReferenceId());
        body.put("kotani_reference_id", t.kotaniReferenceId());
        body.put("status", status);
        body.put("timestamp", report.hasNonNull("timestamp") ? report.get("timestamp").asText()
                : Instant.now().toString());
        ObjectNode crypto = body.putObject("crypto_payment");
        crypto.put("chain", t.chain());
        crypto.put("token", t.token());
        crypto.put("payment_hash", t.paymentHash());
        JsonNode given = report.get("crypto_payment");
        String receivedAt = given != null && given.hasNonNull("received_at") ? given.get("received_at").asText()
                : ledger.history(t.id()).stream().filter(h -> h.status() == TransferStatus.PAYMENT_CONFIRMED)
                .map(h -> h.at().toString()).findFirst().orElse(Instant.now().toString());
        crypto.put("received_at", receivedAt);
        JsonNode requested = readTree(t.requestJson()).path("crypto_payment");
        if (requested.hasNonNull("amount_msat")) {
            crypto.set("amount_msat", requested.get("amount_msat"));
        }
        if (requested.hasNonNull("crypto_amount")) {
            crypto.set("crypto_amount", requested.get("crypto_amount"));
        }
        return body;
    }

    // ------------------------------------------------------------------ Kotani's side: callbacks and polling

    /** Applies stored callbacks; a callback for a transfer not yet recorded waits (at most five minutes). */
    public int applyCallbacks() {
        int applied = 0;
        for (BridgeLedger.StoredCallback callback : ledger.pendingCallbacks(100)) {
            JsonNode data = readTree(callback.body()).path("data");
            String kotaniReference = text(data, "kotani_reference_id");
            Optional<BridgeTransfer> transfer = kotaniReference == null ? Optional.empty()
                    : ledger.findByKotaniReference(kotaniReference);
            if (transfer.isEmpty() && text(data, "provider_reference_id") != null) {
                transfer = ledger.find(text(data, "provider_reference_id"))
                        .filter(t -> kotaniReference == null || kotaniReference.equals(t.kotaniReferenceId()));
            }
            if (transfer.isEmpty()) {
                if (callback.receivedAt().isBefore(Instant.now().minus(Duration.ofMinutes(5)))) {
                    LOG.warn("bridge callback #{} for {} matches no transfer of this hub; set aside", callback.id(),
                            LogText.value(kotaniReference));
                    ledger.callbackApplied(callback.id());
                } else {
                    ledger.callbackLater(callback.id(), Duration.ofSeconds(1));
                }
                continue;
            }
            Instant at = Optional.ofNullable(BridgeRequests.instant(data.get("timestamp"))).orElse(callback.receivedAt());
            applyStatus(transfer.get().id(), data, "CALLBACK", at);
            ledger.callbackApplied(callback.id());
            applied++;
        }
        return applied;
    }

    /** Polls Kotani's status endpoint for transfers whose poll is due: fills the gaps of lost callbacks. */
    public int pollDue() {
        List<BridgeTransfer> due = ledger.leaseDuePolls(properties.getPollBatchSize());
        for (BridgeTransfer t : due) {
            KotaniResponse response = client.status(t.kotaniReferenceId());
            if (response.accepted()) {
                applyStatus(t.id(), response.data(), "POLL", Instant.now());
            } else {
                LOG.warn("bridge {}: status poll failed: {}", t.providerReferenceId(), response.message());
            }
        }
        return due.size();
    }

    private void applyStatus(long id, JsonNode data, String source, Instant at) {
        TransferStatus status = TransferStatus.parse(text(data, "status"));
        if (status == null) {
            LOG.warn("bridge transfer #{}: {} carries an unknown status '{}'; ignored", id, source,
                    LogText.value(text(data, "status")));
            return;
        }
        JsonNode failure = data.has("failure_details") ? data.get("failure_details") : data;
        BridgeLedger.Failure details = status == TransferStatus.FAILED
                ? new BridgeLedger.Failure(text(failure, "failure_stage"), text(failure, "failure_reason"),
                text(failure, "failure_message")) : null;
        JsonNode config = data.get("refund_config");
        ledger.apply(id, new BridgeLedger.Change(status, at, source, details,
                config != null && config.isObject() ? config : null));
    }

    // ------------------------------------------------------------------ refunds after a failed settlement

    /**
     * Issues REFUND_REQUIRED where due: with the refund invoice while it is valid; once it expired, with a new one
     * from the refund-config endpoint (at most {@code max-regenerations}, {@code regeneration-interval} apart), then
     * with the fallback address.
     */
    public int reviewRefunds() {
        Instant now = Instant.now();
        int issued = 0;
        for (BridgeTransfer t : ledger.refundsToReview(now, 20)) {
            JsonNode config = readConfig(t);
            boolean invoiceValid = t.lightning() && config != null && text(config, "refund_invoice") != null
                    && t.refundExpiresAt() != null
                    && now.plus(properties.getRefund().getInvoiceMargin()).isBefore(t.refundExpiresAt());
            String expected = t.refundState();
            if (invoiceValid && "PENDING".equals(expected)) {
                issued += issue(t, expected, "CRYPTO_INVOICE", config) ? 1 : 0;
            } else if (t.lightning() && !invoiceValid
                    && t.refundRegenerations() < properties.getRefund().getMaxRegenerations()) {
                if (t.refundRegeneratedAt() != null && now.isBefore(
                        t.refundRegeneratedAt().plus(properties.getRefund().getRegenerationInterval()))) {
                    continue;
                }
                KotaniResponse regenerated = client.regenerateRefundInvoice(t.kotaniReferenceId());
                if (regenerated.accepted()) {
                    ledger.recordRegeneration(t.id(), regenerated.data(), now);
                    LOG.info("bridge {}: refund invoice regenerated ({} of {})", t.providerReferenceId(),
                            t.refundRegenerations() + 1, properties.getRefund().getMaxRegenerations());
                    BridgeTransfer updated = ledger.get(t.id()).orElseThrow();
                    issued += issue(updated, expected, "CRYPTO_INVOICE", regenerated.data()) ? 1 : 0;
                } else if (regenerated.outcome() == KotaniResponse.Outcome.REJECTED) {
                    LOG.warn("bridge {}: Kotani refused to regenerate the refund invoice ({}); fallback address",
                            t.providerReferenceId(), regenerated.message());
                    issued += issue(t, expected, "CRYPTO_ADDRESS", config) ? 1 : 0;
                }
            } else if (!invoiceValid) {
                issued += issue(t, expected, "CRYPTO_ADDRESS", config) ? 1 : 0;
            }
        }
        return issued;
    }

    private boolean issue(BridgeTransfer t, String expectedState, String method, JsonNode config) {
        ObjectNode event = BridgeEvents.refundRequired(t, method, config, t.refundRegenerations());
        boolean done = ledger.refundRequired(t.id(), expectedState, method, event);
        if (done) {
            LOG.info("bridge {}: REFUND_REQUIRED by {}", t.providerReferenceId(), method);
        }
        return done;
    }

    // ------------------------------------------------------------------ helpers

    static JsonNode readConfig(BridgeTransfer t) {
        return t.refundConfig() == null ? null : readTree(t.refundConfig());
    }

    static JsonNode readTree(String json) {
        try {
            return BridgeClient.JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException("stored JSON cannot be read", e);
        }
    }

    private static void copyIfAbsent(JsonNode from, ObjectNode to, String field) {
        if (from != null && from.hasNonNull(field) && !to.hasNonNull(field)) {
            to.set(field, from.get(field));
        }
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value == null || value.isNull() || !value.isValueNode() ? null : value.asText();
    }
}

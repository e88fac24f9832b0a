package io.kotanihub.sandbox.ramps;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kotanihub.sandbox.SandboxProperties;
import io.kotanihub.sandbox.core.Family;
import io.kotanihub.sandbox.core.PhoneOutcomes.Outcome;
import io.kotanihub.sandbox.core.SandboxFaults;
import io.kotanihub.sandbox.core.SandboxScheduler;
import io.kotanihub.sandbox.core.SandboxStore;
import io.kotanihub.sandbox.core.SandboxTransaction;
import io.kotanihub.sandbox.core.WebhookPublisher;
import io.kotanihub.sandbox.payments.Outcomes;
import io.kotanihub.sandbox.wallets.FiatWallet;
import io.kotanihub.sandbox.wallets.WalletBook;
import io.kotanihub.sandbox.web.DroppedResponseException;
import io.kotanihub.sandbox.web.SandboxApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.stereotype.Component;

/**
 * Offramps and their refunds (REFERENCE §13): the customer sends tokens to {@code escrowAddress}, the sandbox pays
 * the fiat to the receiver, and refunds the tokens when the payout fails.
 *
 * <p>Lifecycle ({@code status}; each change reported with {@code transaction.offramp.status.updated}, §19.4):
 * <ol>
 *   <li>PENDING (onchainStatus PENDING): awaiting the tokens. The sandbox "receives" them one settle delay after
 *       creation - except when the cryptoAmount's digits end in {@code 88} (e.g. {@code 10.88}, {@code 1088}): that
 *       customer never pays, and the offramp stays PENDING until cancelled ({@code GET /offramp/cancel/{ref}},
 *       allowed only while PENDING → CANCELLED).</li>
 *   <li>CRYPTO_RECEIVED (onchainStatus SUCCESSFUL, transactionHash and transactionHashAmount set), then a step
 *       delay later PROCESSING (fiat disbursing).</li>
 *   <li>The payout ends like a withdrawal to the receiver ({@link Outcomes}): a mobile-money receiver by its phone
 *       (§21), a bank receiver by its phone when reserved, else its account number, Lipa na M-Pesa/Paybill by their
 *       shortcode. Success → SUCCESSFUL. Failure → FAILED with {@code transactionError {code, message}}; a payout
 *       to the number that never settles stays PROCESSING.</li>
 *   <li>Refund, one settle delay after the failure (Kotani: 5 minutes). Non-Lightning chains: REFUND_PENDING, then
 *       the tokens go back to {@code refund_config.address} if given, else to {@code senderAddress} (the
 *       integrator's own wallet when the offramp used it) → REVERSED and {@code refund.completed}. Automatic
 *       refunds to an address ending in {@code dead} (the burn address {@code 0x…dEaD}) fail: they are tried four
 *       times a step delay apart, then REFUND_FAILED and {@code refund.failed}; a manual retry
 *       ({@code retry-refund}) then succeeds. LIGHTNING: the refund needs a BOLT 11 invoice for exactly the refund
 *       amount in whole sats: the {@code refund_config.bolt11} when usable, else one fetched from
 *       {@code refund_config.generate_invoice_url}; without one the offramp stays FAILED, refundStatus
 *       INVOICE_NEEDED and {@code refund.lightning.invoice_needed} is sent once, until
 *       {@code submit-refund-invoice} supplies one → REFUND_PENDING → REVERSED.</li>
 * </ol>
 * Offramps move no fiat wallet balance in the sandbox; {@code fiatWalletId} names the payout wallet of the currency.
 */
@Component
public class OfframpService {

    static final String KIND = "offramp";
    static final String STATUS_EVENT = "transaction.offramp.status.updated";
    static final String REFUND_COMPLETED = "refund.completed";
    static final String REFUND_FAILED = "refund.failed";
    static final String INVOICE_NEEDED = "refund.lightning.invoice_needed";
    static final String NOT_FOUND = "Reference Id not found";
    static final String REFUND_NOT_FOUND = "Offramp transaction not found";
    static final String CANNOT_RETRY = "Cannot retry refund";
    static final String INVALID_INVOICE = "Invalid invoice or not eligible for Lightning refund";
    /** Automatic refund attempts before REFUND_FAILED (the spec's cap of 4). */
    static final int REFUND_ATTEMPTS = 4;
    static final String LIGHTNING = "LIGHTNING";

    private static final Logger LOG = LoggerFactory.getLogger(OfframpService.class);

    private final SandboxStore store;
    private final SandboxScheduler scheduler;
    private final WebhookPublisher webhooks;
    private final SandboxProperties properties;
    private final SandboxFaults faults;
    private final RateQuotes quotes;
    private final RampCustomers customers;
    private final WalletBook wallets;
    private final RefundInvoices invoices;
    private final ApplicationContext context;
    private final ObjectMapper json;

    /** One offramp's mutable state; read and changed only while holding the transaction's lock. */
    static final class State {
        String receiverType;
        String phone;
        String accountName;
        Outcome outcome;
        String currency;
        String chain;
        String token;
        String senderAddress;
        boolean usingIntegratedWallet;
        String escrowAddress;
        String callbackUrl;
        String customerKey;
        String fiatWalletId;
        BigDecimal cryptoAmount;
        BigDecimal fiatAmount;
        BigDecimal fiatTransactionAmount;
        String onchainStatus = "PENDING";
        String transactionHash;
        BigDecimal transactionHashAmount;
        String errorCode;
        String errorMessage;
        JsonNode refundConfig;
        String refundStatus;
        String refundAddress;
        String refundInvoice;
        String refundTransactionHash;
        String refundError;
        int refundAttempts;
        boolean manualRetry;
        boolean invoiceNeededSent;
    }

    public OfframpService(SandboxStore store, SandboxScheduler scheduler, WebhookPublisher webhooks,
                          SandboxProperties properties, SandboxFaults faults, RateQuotes quotes,
                          RampCustomers customers, WalletBook wallets, RefundInvoices invoices,
                          ApplicationContext context, ObjectMapper json) {
        this.store = store;
        this.scheduler = scheduler;
        this.webhooks = webhooks;
        this.properties = properties;
        this.faults = faults;
        this.quotes = quotes;
        this.customers = customers;
        this.wallets = wallets;
        this.invoices = invoices;
        this.context = context;
        this.json = json;
    }

    // ---- create ----

    /** POST /api/v3/offramp: a validated request ({@link OfframpRequests}) becomes an offramp once per reference. */
    public ObjectNode create(JsonNode body) {
        OfframpRequests.Receiver receiver = OfframpRequests.validate(body);
        String currency = RateController.upper(RampJson.text(body, "currency"));
        String chain = RampJson.text(body, "chain");
        String token = RampJson.text(body, "token");
        BigDecimal cryptoAmount = RampJson.number(body, "cryptoAmount");
        String senderAddress = RampJson.text(body, "senderAddress");
        if (senderAddress != null && !CryptoAddresses.valid(chain, senderAddress)) {
            throw SandboxApiException.badRequest("Invalid crypto address");
        }
        if (!RateTable.isPricedToken(token)) {
            throw SandboxApiException.badRequest("Exchange rate not found");
        }
        if (receiver.kenyaOnly() && !"KES".equals(currency)) {
            throw SandboxApiException.badRequest("Lipa na M-Pesa/Paybill only available for Kenya (KES)");
        }
        String rateId = RampJson.text(body, "rateId");
        if (rateId != null) {
            quotes.lockedQuote(rateId, KIND, token, currency);
        }
        RateQuotes.Quote quote = RateQuotes.offramp(token, currency, cryptoAmount);
        if (quote.transactionAmount().signum() <= 0) {
            throw SandboxApiException.badRequest("Insufficient crypto amount");
        }

        State s = new State();
        s.receiverType = receiver.type();
        s.phone = receiver.phone();
        s.accountName = receiver.accountName();
        s.outcome = receiver.outcome();
        s.currency = currency;
        s.chain = chain;
        s.token = token;
        s.usingIntegratedWallet = senderAddress == null;
        s.senderAddress = senderAddress != null ? senderAddress
                : CryptoAddresses.address(chain, "integrator|" + properties.getIntegratorId());
        s.callbackUrl = RampJson.text(body, "callbackUrl");
        s.fiatWalletId = wallets.forCurrency(currency, null).map(FiatWallet::id).orElse(null);
        s.cryptoAmount = quote.cryptoAmount();
        s.fiatAmount = quote.fiatAmount();
        s.fiatTransactionAmount = quote.transactionAmount();
        s.refundConfig = RampJson.object(body, "refund_config");

        String reference = RampJson.text(body, "referenceId");
        SandboxStore.Created created = store.create(Family.OFFRAMP, reference, () -> {
            String id = SandboxStore.newId();
            s.escrowAddress = escrowAddress(s, id, reference);
            s.customerKey = "mobileMoneyReceiver".equals(s.receiverType)
                    ? customers.keyFor(s.phone, s.accountName, receiver.network()) : null;
            SandboxTransaction txn = new SandboxTransaction(id, Family.OFFRAMP, KIND, reference,
                    store.nextReferenceNumber(), body.deepCopy(), "PENDING", Instant.now());
            txn.attributes().put("offramp", s);
            txn.attributes().put("amount", s.cryptoAmount);
            txn.attributes().put("currency", token);
            return txn;
        });
        if (!created.created()) {
            throw RampRules.duplicate(properties.getDuplicateStatus());
        }
        SandboxTransaction txn = created.transaction();
        boolean paysIn = !RateTable.plain(cryptoAmount).toPlainString().endsWith("88");
        LOG.info("sandbox: offramp {} created ({} {} on {} to {} {}, receiver {}{})", reference, s.cryptoAmount,
                token, chain, s.fiatTransactionAmount, currency, RampJson.mask(s.phone),
                paysIn ? "" : ", the customer never pays in");
        if (paysIn) {
            scheduler.after(properties.getSettleDelay(), () -> receiveCrypto(txn));
        }
        if (faults.dropResponse()) {
            throw new DroppedResponseException();
        }
        synchronized (txn) {
            return view(txn, s);
        }
    }

    private String escrowAddress(State s, String id, String reference) {
        if (!LIGHTNING.equals(s.chain)) {
            return CryptoAddresses.address(s.chain, "escrow|" + id);
        }
        byte[] hash = CryptoAddresses.sha256("payment|" + id);
        return Bolt11.encode(msat(s.cryptoAmount, s.token, RoundingMode.CEILING), Instant.now(), 3600,
                HexFormat.of().formatHex(hash), "Kotani offramp " + reference);
    }

    // ---- queries and commands ----

    public ObjectNode status(String reference) {
        SandboxTransaction txn = require(reference, NOT_FOUND);
        synchronized (txn) {
            return view(txn, state(txn));
        }
    }

    public ArrayNode list() {
        ArrayNode out = json.createArrayNode();
        store.all().stream()
                .filter(t -> t.family() == Family.OFFRAMP && KIND.equals(t.kind()))
                .sorted(Comparator.comparing(SandboxTransaction::createdAt).reversed())
                .forEach(t -> {
                    synchronized (t) {
                        out.add(view(t, state(t)));
                    }
                });
        return out;
    }

    /** GET /api/v3/offramp/cancel/{ref}: only while PENDING (no tokens received). */
    public ObjectNode cancel(String reference) {
        SandboxTransaction txn = require(reference, NOT_FOUND);
        synchronized (txn) {
            State s = state(txn);
            if (!"PENDING".equals(txn.status())) {
                throw SandboxApiException.badRequest("Offramp " + txn.reference() + " is " + txn.status()
                        + " and can no longer be cancelled; only PENDING offramps can be cancelled");
            }
            s.onchainStatus = "CANCELLED";
            txn.moveTo("CANCELLED", true, Instant.now());
            publishStatus(txn, s);
            return view(txn, s);
        }
    }

    public ObjectNode refundStatus(String reference) {
        SandboxTransaction txn = require(reference, NOT_FOUND);
        synchronized (txn) {
            return refundView(txn, state(txn));
        }
    }

    /** POST retry-refund: only a refund that FAILED (REFUND_FAILED) can be retried; 400 "Cannot retry refund". */
    public ObjectNode retryRefund(String reference) {
        SandboxTransaction txn = require(reference, REFUND_NOT_FOUND);
        synchronized (txn) {
            State s = state(txn);
            if (!"FAILED".equals(s.refundStatus)) {
                throw SandboxApiException.badRequest(CANNOT_RETRY);
            }
            s.manualRetry = true;
            s.refundStatus = "PENDING";
            s.refundError = null;
            txn.moveTo("REFUND_PENDING", false, Instant.now());
            publishStatus(txn, s);
            scheduler.after(properties.getStepDelay(), () -> attemptRefund(txn));
            return refundView(txn, s);
        }
    }

    /** One result per reference of retry-refunds-multiple / retry-all-failed-refunds. */
    public ObjectNode retryResult(String reference) {
        ObjectNode result = json.createObjectNode();
        result.put("referenceId", reference);
        try {
            ObjectNode refund = retryRefund(reference);
            result.put("success", true);
            result.put("message", "Refund retry started");
            result.put("refundStatus", refund.path("refundStatus").asText());
        } catch (SandboxApiException e) {
            result.put("success", false);
            result.put("message", e.getMessage());
        }
        return result;
    }

    /** References of every offramp whose refund failed, oldest first. */
    public List<String> failedRefunds() {
        List<String> references = new ArrayList<>();
        for (SandboxTransaction txn : store.all()) {
            if (txn.family() == Family.OFFRAMP && KIND.equals(txn.kind())) {
                synchronized (txn) {
                    if ("FAILED".equals(state(txn).refundStatus)) {
                        references.add(txn.reference());
                    }
                }
            }
        }
        return references;
    }

    /** POST submit-refund-invoice: a Lightning offramp waiting for a refund invoice gets one. */
    public ObjectNode submitInvoice(String reference, String invoice) {
        SandboxTransaction txn = require(reference, REFUND_NOT_FOUND);
        synchronized (txn) {
            State s = state(txn);
            if (!LIGHTNING.equals(s.chain) || !"INVOICE_NEEDED".equals(s.refundStatus)) {
                throw SandboxApiException.badRequest(INVALID_INVOICE);
            }
            Optional<String> problem = invoices.problem(invoice, refundMsat(s));
            if (problem.isPresent()) {
                throw new SandboxApiException(400, INVALID_INVOICE, Map.of("reason", problem.get()));
            }
            s.refundInvoice = invoice.trim();
            s.refundStatus = "PENDING";
            txn.moveTo("REFUND_PENDING", false, Instant.now());
            publishStatus(txn, s);
            scheduler.after(properties.getStepDelay(), () -> attemptRefund(txn));
            return refundView(txn, s);
        }
    }

    private SandboxTransaction require(String reference, String notFound) {
        return store.find(Family.OFFRAMP, reference)
                .filter(t -> KIND.equals(t.kind()))
                .orElseThrow(() -> SandboxApiException.notFound(notFound));
    }

    private static State state(SandboxTransaction txn) {
        return (State) txn.attributes().get("offramp");
    }

    // ---- progression ----

    private void receiveCrypto(SandboxTransaction txn) {
        synchronized (txn) {
            if (!"PENDING".equals(txn.status())) {
                return;
            }
            State s = state(txn);
            s.onchainStatus = "SUCCESSFUL";
            s.transactionHash = LIGHTNING.equals(s.chain)
                    ? HexFormat.of().formatHex(CryptoAddresses.sha256("payment|" + txn.id()))
                    : CryptoAddresses.transactionHash(s.chain);
            s.transactionHashAmount = s.cryptoAmount;
            txn.moveTo("CRYPTO_RECEIVED", false, Instant.now());
            publishStatus(txn, s);
        }
        scheduler.after(properties.getStepDelay(), () -> disburse(txn));
    }

    private void disburse(SandboxTransaction txn) {
        Outcome outcome;
        synchronized (txn) {
            State s = state(txn);
            txn.moveTo("PROCESSING", false, Instant.now());
            publishStatus(txn, s);
            outcome = s.outcome;
        }
        if (outcome.settles()) {
            scheduler.after(outcome.delay(properties.getSettleDelay()), () -> settlePayout(txn));
        }
    }

    private void settlePayout(SandboxTransaction txn) {
        boolean refund;
        synchronized (txn) {
            State s = state(txn);
            refund = !s.outcome.succeeds();
            if (refund) {
                s.errorCode = s.outcome.errorCode();
                s.errorMessage = s.outcome.errorMessage();
                txn.moveTo("FAILED", false, Instant.now());
            } else {
                txn.moveTo("SUCCESSFUL", true, Instant.now());
            }
            publishStatus(txn, s);
        }
        if (refund) {
            scheduler.after(properties.getSettleDelay(), () -> startRefund(txn));
        }
    }

    /** Starts the refund of a failed payout; a Lightning refund first needs a usable invoice. */
    private void startRefund(SandboxTransaction txn) {
        State s;
        synchronized (txn) {
            s = state(txn);
            if (!"FAILED".equals(txn.status()) || s.refundStatus != null) {
                return;
            }
        }
        String invoice = null;
        if (LIGHTNING.equals(s.chain)) {
            long amount;
            JsonNode config;
            synchronized (txn) {
                amount = refundMsat(s);
                config = s.refundConfig;
            }
            invoice = invoices.fromConfig(config, amount).orElse(null);
            String url = RampJson.text(config, "generate_invoice_url");
            if (invoice == null && url != null) {
                invoice = invoices.generate(url, amount, txn.reference()).orElse(null);
            }
        }
        synchronized (txn) {
            if (!"FAILED".equals(txn.status()) || s.refundStatus != null) {
                return;
            }
            if (LIGHTNING.equals(s.chain) && invoice == null) {
                s.refundStatus = "INVOICE_NEEDED";
                if (!s.invoiceNeededSent) {
                    s.invoiceNeededSent = true;
                    webhooks.publish(INVOICE_NEEDED, invoiceNeededEvent(txn, s), s.callbackUrl, txn.reference());
                }
                return;
            }
            s.refundInvoice = invoice;
            String configured = RampJson.text(s.refundConfig, "address");
            s.refundAddress = LIGHTNING.equals(s.chain) ? null : configured != null ? configured : s.senderAddress;
            s.refundStatus = "PENDING";
            txn.moveTo("REFUND_PENDING", false, Instant.now());
            publishStatus(txn, s);
        }
        scheduler.after(properties.getStepDelay(), () -> attemptRefund(txn));
    }

    private void attemptRefund(SandboxTransaction txn) {
        boolean again = false;
        synchronized (txn) {
            State s = state(txn);
            if (!"REFUND_PENDING".equals(txn.status())) {
                return;
            }
            s.refundAttempts++;
            boolean lightning = LIGHTNING.equals(s.chain);
            boolean fails = !lightning && !s.manualRetry && CryptoAddresses.refundsFailTo(s.refundAddress);
            if (lightning && !invoices.pay(s.refundInvoice)) {
                s.refundInvoice = null;
                s.refundStatus = "INVOICE_NEEDED";
                txn.moveTo("FAILED", false, Instant.now());
                publishStatus(txn, s);
                return;
            }
            if (fails) {
                s.refundError = "INSUFFICIENT_GAS: the refund transaction to " + s.refundAddress + " failed";
                if (s.refundAttempts < REFUND_ATTEMPTS) {
                    again = true;
                } else {
                    s.refundStatus = "FAILED";
                    txn.moveTo("REFUND_FAILED", true, Instant.now());
                    publishStatus(txn, s);
                    webhooks.publish(REFUND_FAILED, refundFailedEvent(txn, s), s.callbackUrl, txn.reference());
                }
            } else {
                s.refundError = null;
                s.refundStatus = "SUCCESSFUL";
                s.refundTransactionHash = lightning
                        ? Bolt11.decode(s.refundInvoice).map(Bolt11.Invoice::paymentHash).filter(h -> h != null)
                                .orElseGet(() -> CryptoAddresses.transactionHash(s.chain))
                        : CryptoAddresses.transactionHash(s.chain);
                txn.moveTo("REVERSED", true, Instant.now());
                publishStatus(txn, s);
                webhooks.publish(REFUND_COMPLETED, refundCompletedEvent(txn, s), s.callbackUrl, txn.reference());
            }
        }
        if (again) {
            scheduler.after(properties.getStepDelay(), () -> attemptRefund(txn));
        }
    }

    // ---- amounts ----

    /** The tokens refunded, in the token's units (§19.4 refundAmount; Lightning: whole sats). */
    private static BigDecimal refundAmount(State s) {
        if (LIGHTNING.equals(s.chain)) {
            return BigDecimal.valueOf(refundMsat(s) / 1000);
        }
        return RateTable.plain(s.transactionHashAmount != null ? s.transactionHashAmount : s.cryptoAmount);
    }

    /** A Lightning refund in msat: the tokens received, rounded down to whole sats. */
    private static long refundMsat(State s) {
        BigDecimal received = s.transactionHashAmount != null ? s.transactionHashAmount : s.cryptoAmount;
        long msat = msat(received, s.token, RoundingMode.DOWN);
        return msat - msat % 1000;
    }

    private static long msat(BigDecimal amount, String token, RoundingMode rounding) {
        return RateTable.convert(amount, token, "MSAT", rounding).longValueExact();
    }

    // ---- views and events ----

    /** The Offramp object of §13.1, members in the order listed there. */
    private ObjectNode view(SandboxTransaction txn, State s) {
        ObjectNode out = json.createObjectNode();
        out.put("referenceId", txn.reference());
        out.put("fiatAmount", s.fiatAmount);
        out.put("fiatTransactionAmount", s.fiatTransactionAmount);
        out.put("cryptoAmount", s.cryptoAmount);
        out.put("fiatCurrency", s.currency);
        out.put("customerKey", s.customerKey);
        out.put("fiatWalletId", s.fiatWalletId);
        out.put("senderAddress", s.senderAddress);
        out.put("transactionHash", s.transactionHash);
        out.put("transactionHashAmount", s.transactionHashAmount);
        out.put("status", txn.status());
        out.put("onchainStatus", s.onchainStatus);
        out.set("rate", rate(s));
        out.put("escrowAddress", s.escrowAddress);
        out.put("usingIntegratedWallet", s.usingIntegratedWallet);
        out.put("created_at", RampJson.iso(txn.createdAt()));
        out.put("updated_at", RampJson.iso(txn.updatedAt()));
        out.putNull("onchainError");
        out.set("transactionError", transactionError(s));
        return out;
    }

    /** {@code transaction.offramp.status.updated} (§19.4): the always-present members first, as listed. */
    private void publishStatus(SandboxTransaction txn, State s) {
        ObjectNode data = json.createObjectNode();
        data.put("referenceId", txn.reference());
        data.put("status", txn.status());
        data.put("onchainStatus", s.onchainStatus);
        data.put("fiatAmount", s.fiatAmount);
        data.put("fiatTransactionAmount", s.fiatTransactionAmount);
        data.put("cryptoAmount", s.cryptoAmount);
        data.put("fiatCurrency", s.currency);
        data.put("customerKey", s.customerKey);
        data.put("senderAddress", s.senderAddress);
        data.put("escrowAddress", s.escrowAddress);
        data.put("fiatWalletId", s.fiatWalletId);
        data.put("transactionHash", s.transactionHash);
        data.put("transactionHashAmount", s.transactionHashAmount);
        data.set("rate", rate(s));
        data.put("usingIntegratedWallet", s.usingIntegratedWallet);
        data.put("created_at", RampJson.iso(txn.createdAt()));
        data.put("updated_at", RampJson.iso(txn.updatedAt()));
        data.putNull("onchainError");
        data.set("transactionError", transactionError(s));
        webhooks.publish(STATUS_EVENT, data, s.callbackUrl, txn.reference());
    }

    private ObjectNode refundCompletedEvent(SandboxTransaction txn, State s) {
        ObjectNode data = json.createObjectNode();
        data.put("referenceId", txn.reference());
        data.put("status", "REVERSED");
        data.put("refundStatus", "SUCCESSFUL");
        data.put("refundTransactionHash", s.refundTransactionHash);
        data.put("refundAmount", refundAmount(s));
        data.put("chain", s.chain);
        data.put("token", s.token);
        data.put("currency", s.currency);
        data.put("timestamp", RampJson.iso(Instant.now()));
        return data;
    }

    private ObjectNode refundFailedEvent(SandboxTransaction txn, State s) {
        ObjectNode data = json.createObjectNode();
        data.put("referenceId", txn.reference());
        data.put("refundStatus", "FAILED");
        data.put("refundAmount", refundAmount(s));
        data.put("chain", s.chain);
        data.put("token", s.token);
        data.put("currency", s.currency);
        data.put("error", s.refundError);
        data.put("totalRetries", s.refundAttempts);
        data.put("timestamp", RampJson.iso(Instant.now()));
        return data;
    }

    private ObjectNode invoiceNeededEvent(SandboxTransaction txn, State s) {
        long msat = refundMsat(s);
        ObjectNode data = json.createObjectNode();
        data.put("referenceId", txn.reference());
        data.put("status", txn.status());
        data.put("onchainStatus", s.onchainStatus);
        data.put("refundStatus", "INVOICE_NEEDED");
        data.put("refundAmount", msat);
        data.put("refundAmountSats", msat / 1000);
        data.put("chain", s.chain);
        data.put("currency", s.currency);
        data.put("requiresAction", true);
        ObjectNode action = data.putObject("action");
        action.put("type", "SUBMIT_LIGHTNING_INVOICE");
        action.put("description", "The fiat payout failed. Submit an unpaid Lightning invoice for exactly "
                + (msat / 1000) + " sats to receive the refund.");
        action.put("submitUrl", "http://localhost:" + ((WebServerApplicationContext) context).getWebServer().getPort()
                + "/api/v3/offramp/submit-refund-invoice/" + txn.reference());
        action.put("method", "POST");
        action.putObject("body").put("invoice", "lnbc...");
        ObjectNode requirements = action.putObject("invoiceRequirements");
        requirements.put("amount", msat / 1000);
        requirements.put("currency", "SATS");
        requirements.put("format", "bolt11");
        requirements.put("mustNotExpire", true);
        requirements.put("mustNotBePaid", true);
        requirements.put("mustMatchExactAmount", true);
        data.put("timestamp", RampJson.iso(Instant.now()));
        return data;
    }

    /** Refund details (the beta endpoint's schema is unpublished; these are the §19.4 refund members). */
    private ObjectNode refundView(SandboxTransaction txn, State s) {
        ObjectNode out = json.createObjectNode();
        out.put("referenceId", txn.reference());
        out.put("status", txn.status());
        out.put("refundStatus", s.refundStatus);
        out.put("refundAmount", s.refundStatus == null ? null : refundAmount(s));
        if (LIGHTNING.equals(s.chain)) {
            out.put("refundAmountMsat", s.refundStatus == null ? null : refundMsat(s));
        }
        out.put("refundAddress", s.refundAddress);
        out.put("refundTransactionHash", s.refundTransactionHash);
        out.put("chain", s.chain);
        out.put("token", s.token);
        out.put("currency", s.currency);
        out.put("attempts", s.refundAttempts);
        out.put("error", s.refundError);
        out.put("requiresAction", "INVOICE_NEEDED".equals(s.refundStatus));
        out.put("updated_at", RampJson.iso(txn.updatedAt()));
        return out;
    }

    private ObjectNode rate(State s) {
        ObjectNode rate = json.createObjectNode();
        rate.put("from", s.token);
        rate.put("to", s.currency);
        rate.put("fiatAmount", s.fiatAmount);
        return rate;
    }

    private JsonNode transactionError(State s) {
        if (s.errorCode == null) {
            return json.nullNode();
        }
        ObjectNode error = json.createObjectNode();
        error.put("code", s.errorCode);
        error.put("message", s.errorMessage);
        return error;
    }
}

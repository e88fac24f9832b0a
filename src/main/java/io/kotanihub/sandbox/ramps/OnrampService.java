package io.kotanihub.sandbox.ramps;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kotanihub.sandbox.SandboxProperties;
import io.kotanihub.sandbox.core.Family;
import io.kotanihub.sandbox.core.PhoneOutcomes;
import io.kotanihub.sandbox.core.SandboxFaults;
import io.kotanihub.sandbox.core.SandboxScheduler;
import io.kotanihub.sandbox.core.SandboxStore;
import io.kotanihub.sandbox.core.SandboxTransaction;
import io.kotanihub.sandbox.core.WebhookPublisher;
import io.kotanihub.sandbox.web.DroppedResponseException;
import io.kotanihub.sandbox.web.SandboxApiException;
import io.kotanihub.sandbox.web.Validation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Onramps (REFERENCE §12.1-12.2): the customer pays fiat (mobile money or bank checkout), then the sandbox "sends"
 * the tokens to {@code receiverAddress}.
 *
 * <p>Lifecycle, each change reported with {@code transaction.onramp.status.updated} (§19.4):
 * <ol>
 *   <li>create: depositStatus PENDING, onchainStatus PENDING (status PENDING);</li>
 *   <li>after stepDelay: depositStatus INITIATED (status IN_PROGRESS) - a payer phone that "never settles"
 *       (§21, ...700000020) stays here;</li>
 *   <li>after another stepDelay: depositStatus IN_PROGRESS;</li>
 *   <li>after the payer phone's settle delay (§21): the fiat leg ends. Success: depositStatus SUCCESSFUL, then
 *       onchainStatus IN_PROGRESS and SUCCESSFUL a stepDelay apart (transactionHash and cryptoAmountReceived set,
 *       status SUCCESSFUL). Failure (...0010/0011/0012 FAILED, ...0013 CANCELLED): depositStatus and status take
 *       that value, onchainStatus CANCELLED, {@code error} = {message, code, details}.</li>
 * </ol>
 * The payer phone is {@code mobileMoney.phoneNumber} or {@code bankCheckout.phoneNumber} (bank checkout "pays"
 * without a customer visiting {@code redirectUrl}, which is a placeholder).
 */
@Component
public class OnrampService {

    static final String EVENT = "transaction.onramp.status.updated";
    static final String KIND = "onramp";

    private static final Logger LOG = LoggerFactory.getLogger(OnrampService.class);

    private final SandboxStore store;
    private final SandboxScheduler scheduler;
    private final WebhookPublisher webhooks;
    private final SandboxProperties properties;
    private final SandboxFaults faults;
    private final RateQuotes quotes;
    private final RampCustomers customers;
    private final ObjectMapper json;

    /** One onramp's mutable state; read and changed only while holding the transaction's lock. */
    static final class State {
        String channel;
        String phone;
        String currency;
        String chain;
        String token;
        String receiverAddress;
        String callbackUrl;
        String customerKey;
        String rateId;
        String fiatWalletId;
        BigDecimal fiatAmount;
        BigDecimal fiatFee;
        BigDecimal fiatAmountToSend;
        BigDecimal cryptoAmount;
        BigDecimal cryptoAmountReceived;
        String depositStatus = "PENDING";
        String onchainStatus = "PENDING";
        String transactionHash;
        String errorCode;
        String errorMessage;
        String errorDetails;
    }

    public OnrampService(SandboxStore store, SandboxScheduler scheduler, WebhookPublisher webhooks,
                         SandboxProperties properties, SandboxFaults faults, RateQuotes quotes,
                         RampCustomers customers, ObjectMapper json) {
        this.store = store;
        this.scheduler = scheduler;
        this.webhooks = webhooks;
        this.properties = properties;
        this.faults = faults;
        this.quotes = quotes;
        this.customers = customers;
        this.json = json;
    }

    /** POST /api/v3/onramp: validates everything, then creates the onramp once per referenceId. */
    public ObjectNode create(JsonNode body) {
        Validation v = Validation.of(body);
        JsonNode mobileMoney = RampJson.object(body, "mobileMoney");
        JsonNode bankCheckout = RampJson.object(body, "bankCheckout");
        boolean mm = RampJson.present(body, "mobileMoney");
        boolean bank = RampJson.present(body, "bankCheckout");
        v.check(mm ^ bank, "exactly one of mobileMoney or bankCheckout must be given");
        if (mm) {
            v.check(mobileMoney != null, "mobileMoney must be an object");
            v.requireString(mobileMoney, "phoneNumber", "mobileMoney.phoneNumber");
            v.requireString(mobileMoney, "accountName", "mobileMoney.accountName");
            RampRules.oneOf(v, mobileMoney, "providerNetwork", "mobileMoney.providerNetwork", RampRules.NETWORKS,
                    true);
        }
        if (bank) {
            v.check(bankCheckout != null, "bankCheckout must be an object");
            v.requireString(bankCheckout, "fullName", "bankCheckout.fullName");
            v.requireString(bankCheckout, "phoneNumber", "bankCheckout.phoneNumber");
            RampRules.oneOf(v, bankCheckout, "paymentMethod", "bankCheckout.paymentMethod",
                    List.of("CARD", "PAYBYBANK"), true);
        }
        String currency = RateController.upper(RampJson.text(body, "currency"));
        BigDecimal fiatAmount = RampJson.number(body, "fiatAmount");
        v.requirePositiveNumber("fiatAmount");
        RateController.requireFiat(v, "currency", currency);
        if (fiatAmount != null && fiatAmount.signum() > 0 && RateTable.isFiat(currency)) {
            RateController.checkPrecision(v, "fiatAmount", fiatAmount, currency);
        }
        RampRules.oneOf(v, body, "chain", "chain", RateTable.CHAINS, true);
        RampRules.oneOf(v, body, "token", "token", RateTable.TOKENS, true);
        v.requireString("receiverAddress");
        v.requireString("referenceId");
        RampRules.callbackUrl(v, body);
        RampRules.optionalString(v, body, "rateId");
        RampRules.optionalString(v, body, "fiatWalletId");
        v.validate();

        String chain = RampJson.text(body, "chain");
        String token = RampJson.text(body, "token");
        String receiverAddress = RampJson.text(body, "receiverAddress");
        if (!CryptoAddresses.valid(chain, receiverAddress)) {
            throw SandboxApiException.badRequest("Invalid crypto address");
        }
        if (!RateTable.isPricedToken(token)) {
            throw SandboxApiException.badRequest("Exchange rate not found");
        }
        String rateId = RampJson.text(body, "rateId");
        if (rateId != null) {
            quotes.lockedQuote(rateId, KIND, currency, token);
        }
        RateQuotes.Quote quote = RateQuotes.onramp(currency, token, fiatAmount);
        if (quote.cryptoAmount().signum() <= 0) {
            throw SandboxApiException.badRequest("fiatAmount is too small to buy any " + token);
        }

        State state = new State();
        state.channel = mm ? "mobileMoney" : "bankCheckout";
        state.phone = RampJson.text(mm ? mobileMoney : bankCheckout, "phoneNumber");
        state.currency = currency;
        state.chain = chain;
        state.token = token;
        state.receiverAddress = receiverAddress;
        state.callbackUrl = RampJson.text(body, "callbackUrl");
        state.rateId = rateId;
        state.fiatWalletId = RampJson.text(body, "fiatWalletId");
        state.fiatAmount = quote.fiatAmount();
        state.fiatFee = quote.fee();
        state.fiatAmountToSend = RateTable.plain(quote.fiatAmount().add(quote.fee()));
        state.cryptoAmount = quote.cryptoAmount();

        String reference = RampJson.text(body, "referenceId");
        SandboxStore.Created created = store.create(Family.ONRAMP, reference, () -> {
            state.customerKey = mm
                    ? customers.keyFor(state.phone, RampJson.text(mobileMoney, "accountName"),
                            RampJson.text(mobileMoney, "providerNetwork"))
                    : customers.keyFor(state.phone, RampJson.text(bankCheckout, "fullName"), null);
            SandboxTransaction txn = new SandboxTransaction(SandboxStore.newId(), Family.ONRAMP, KIND, reference,
                    store.nextReferenceNumber(), body.deepCopy(), "PENDING", Instant.now());
            txn.attributes().put("onramp", state);
            txn.attributes().put("amount", state.fiatAmount);
            txn.attributes().put("currency", currency);
            return txn;
        });
        if (!created.created()) {
            throw RampRules.duplicate(properties.getDuplicateStatus());
        }
        SandboxTransaction txn = created.transaction();
        LOG.info("sandbox: onramp {} created ({} {} from {}, to {} on {})", reference, state.fiatAmountToSend,
                currency, RampJson.mask(state.phone), token, chain);
        scheduler.after(properties.getStepDelay(), () -> initiate(txn));
        if (faults.dropResponse()) {
            throw new DroppedResponseException();
        }
        ObjectNode data = json.createObjectNode();
        data.put("id", txn.id());
        data.put("referenceId", reference);
        data.put("referenceNumber", txn.referenceNumber());
        data.put("message", mm ? "Payment request sent to the customer's phone"
                : "Checkout created; the customer completes payment at redirectUrl");
        data.put("customerKey", state.customerKey);
        data.put("redirectUrl", mm ? "" : "https://checkout.sandbox.kotanipay.com/onramp/" + txn.id());
        return data;
    }

    /** GET /api/v3/onramp/{referenceId}: the §12.2 status object; 404 "Not Found". */
    public ObjectNode status(String reference) {
        SandboxTransaction txn = find(reference);
        State s = state(txn);
        synchronized (txn) {
            ObjectNode data = json.createObjectNode();
            data.put("referenceId", txn.reference());
            data.put("depositStatus", s.depositStatus);
            data.put("onchainStatus", s.onchainStatus);
            data.put("transactionHash", s.transactionHash);
            data.set("rate", rate(s));
            data.put("fiatAmount", s.fiatAmount);
            data.put("fiatFee", s.fiatFee);
            data.put("fiatAmountToSend", s.fiatAmountToSend);
            data.put("cryptoAmount", s.cryptoAmount);
            data.set("error", error(s));
            return data;
        }
    }

    private SandboxTransaction find(String reference) {
        return store.find(Family.ONRAMP, reference)
                .filter(t -> KIND.equals(t.kind()))
                .orElseThrow(() -> SandboxApiException.notFound("Not Found"));
    }

    private static State state(SandboxTransaction txn) {
        return (State) txn.attributes().get("onramp");
    }

    private PhoneOutcomes.Outcome outcome(State s) {
        return PhoneOutcomes.forPhone(s.phone);
    }

    private void initiate(SandboxTransaction txn) {
        synchronized (txn) {
            State s = state(txn);
            s.depositStatus = "INITIATED";
            txn.moveTo("IN_PROGRESS", false, Instant.now());
            publish(txn, s);
        }
        if (outcome(state(txn)).settles()) {
            scheduler.after(properties.getStepDelay(), () -> customerActing(txn));
        }
    }

    private void customerActing(SandboxTransaction txn) {
        PhoneOutcomes.Outcome outcome;
        synchronized (txn) {
            State s = state(txn);
            s.depositStatus = "IN_PROGRESS";
            txn.moveTo("IN_PROGRESS", false, Instant.now());
            publish(txn, s);
            outcome = outcome(s);
        }
        scheduler.after(outcome.delay(properties.getSettleDelay()), () -> settleFiat(txn));
    }

    private void settleFiat(SandboxTransaction txn) {
        PhoneOutcomes.Outcome outcome;
        synchronized (txn) {
            State s = state(txn);
            outcome = outcome(s);
            if (outcome.succeeds()) {
                s.depositStatus = "SUCCESSFUL";
                txn.moveTo("IN_PROGRESS", false, Instant.now());
            } else {
                s.depositStatus = outcome.finalStatus();
                s.onchainStatus = "CANCELLED";
                s.errorCode = outcome.errorCode();
                s.errorMessage = outcome.errorMessage();
                s.errorDetails = "The fiat payment of " + s.fiatAmountToSend + " " + s.currency
                        + " did not complete; no crypto was sent";
                txn.moveTo(outcome.finalStatus(), true, Instant.now());
            }
            publish(txn, s);
        }
        if (outcome.succeeds()) {
            scheduler.after(properties.getStepDelay(), () -> sendCrypto(txn));
        }
    }

    private void sendCrypto(SandboxTransaction txn) {
        synchronized (txn) {
            State s = state(txn);
            s.onchainStatus = "IN_PROGRESS";
            txn.moveTo("IN_PROGRESS", false, Instant.now());
            publish(txn, s);
        }
        scheduler.after(properties.getStepDelay(), () -> confirmCrypto(txn));
    }

    private void confirmCrypto(SandboxTransaction txn) {
        synchronized (txn) {
            State s = state(txn);
            s.onchainStatus = "SUCCESSFUL";
            s.transactionHash = CryptoAddresses.transactionHash(s.chain);
            s.cryptoAmountReceived = s.cryptoAmount;
            txn.moveTo("SUCCESSFUL", true, Instant.now());
            publish(txn, s);
        }
    }

    /** The §19.4 payload, members in the order listed there. */
    private void publish(SandboxTransaction txn, State s) {
        ObjectNode data = json.createObjectNode();
        data.put("referenceId", txn.reference());
        data.put("status", txn.status());
        data.put("depositStatus", s.depositStatus);
        data.put("onchainStatus", s.onchainStatus);
        data.put("chain", s.chain);
        data.put("token", s.token);
        data.put("cryptoAmount", s.cryptoAmount);
        data.put("fiatAmount", s.fiatAmount);
        data.put("fiatFee", s.fiatFee);
        data.put("fiatAmountToSend", s.fiatAmountToSend);
        data.put("cryptoAmountReceived", s.cryptoAmountReceived);
        data.put("receiverAddress", s.receiverAddress);
        data.put("transactionHash", s.transactionHash);
        data.set("rate", rate(s));
        data.set("error", error(s));
        webhooks.publish(EVENT, data, s.callbackUrl, txn.reference());
    }

    private ObjectNode rate(State s) {
        ObjectNode rate = json.createObjectNode();
        rate.put("from", s.currency);
        rate.put("to", s.token);
        rate.put("cryptoAmount", s.cryptoAmount);
        return rate;
    }

    private JsonNode error(State s) {
        if (s.errorCode == null) {
            return json.nullNode();
        }
        ObjectNode error = json.createObjectNode();
        error.put("message", s.errorMessage);
        error.put("code", s.errorCode);
        error.put("details", s.errorDetails);
        return error;
    }
}

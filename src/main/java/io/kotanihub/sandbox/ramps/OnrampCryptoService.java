package io.kotanihub.sandbox.ramps;

import java.math.BigDecimal;
import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kotanihub.sandbox.SandboxProperties;
import io.kotanihub.sandbox.core.Family;
import io.kotanihub.sandbox.core.SandboxFaults;
import io.kotanihub.sandbox.core.SandboxScheduler;
import io.kotanihub.sandbox.core.SandboxStore;
import io.kotanihub.sandbox.core.SandboxTransaction;
import io.kotanihub.sandbox.core.WebhookPublisher;
import io.kotanihub.sandbox.web.DroppedResponseException;
import io.kotanihub.sandbox.web.SandboxApiException;
import io.kotanihub.sandbox.web.Validation;
import org.springframework.stereotype.Component;

/**
 * Crypto onramps (REFERENCE §12.3): tokens sent from the integrator's own crypto wallet ({@code cryptoWallet}) to
 * any address. The receiver gets {@code cryptoAmount}; a fee of 1 % of it in the same token ({@code feeType}
 * PERCENTAGE, rounded half-up to the token's precision) is taken on top, so {@code amountToSend =
 * cryptoAmountReceived + feeInCrypto}. Status PENDING, IN_PROGRESS after a step delay, SUCCESSFUL (with
 * {@code transactionHash}) one settle delay later - or FAILED when the receiver address ends in {@code dead} (the
 * sandbox's burn-address rule, as for offramp refunds). Each change is published as
 * {@code transaction.onramp.status.updated} with this object as {@code data} (the reference gives no separate
 * payload for crypto onramps).
 */
@Component
public class OnrampCryptoService {

    static final String KIND = "onramp/crypto";
    static final BigDecimal FEE_RATE = new BigDecimal("0.01");

    private final SandboxStore store;
    private final SandboxScheduler scheduler;
    private final WebhookPublisher webhooks;
    private final SandboxProperties properties;
    private final SandboxFaults faults;
    private final ObjectMapper json;

    /** One transfer's mutable state; read and changed only while holding the transaction's lock. */
    static final class State {
        String receiverAddress;
        String chain;
        String token;
        String callbackUrl;
        String cryptoWallet;
        BigDecimal cryptoAmount;
        BigDecimal fee;
        BigDecimal cryptoAmountReceived;
        String transactionHash;
    }

    public OnrampCryptoService(SandboxStore store, SandboxScheduler scheduler, WebhookPublisher webhooks,
                               SandboxProperties properties, SandboxFaults faults, ObjectMapper json) {
        this.store = store;
        this.scheduler = scheduler;
        this.webhooks = webhooks;
        this.properties = properties;
        this.faults = faults;
        this.json = json;
    }

    public ObjectNode create(JsonNode body) {
        Validation v = Validation.of(body);
        v.requireString("receiverAddress");
        RampRules.oneOf(v, body, "chain", "chain", RateTable.CHAINS, true);
        RampRules.oneOf(v, body, "token", "token", RateTable.TOKENS, true);
        v.requirePositiveNumber("cryptoAmount");
        String token = RampJson.text(body, "token");
        BigDecimal amount = RampJson.number(body, "cryptoAmount");
        if (amount != null && amount.signum() > 0 && RateTable.isPricedToken(token)) {
            RateController.checkPrecision(v, "cryptoAmount", amount, token);
        }
        v.requireString("referenceId");
        RampRules.callbackUrl(v, body);
        v.validate();
        String chain = RampJson.text(body, "chain");
        String receiver = RampJson.text(body, "receiverAddress");
        if (!CryptoAddresses.valid(chain, receiver)) {
            throw SandboxApiException.badRequest("Invalid crypto address");
        }
        State s = new State();
        s.receiverAddress = receiver;
        s.chain = chain;
        s.token = token;
        s.callbackUrl = RampJson.text(body, "callbackUrl");
        s.cryptoWallet = CryptoAddresses.address(chain, "integrator|" + properties.getIntegratorId());
        s.cryptoAmount = RateTable.plain(amount);
        s.fee = RateTable.fee(amount, FEE_RATE, token);
        String reference = RampJson.text(body, "referenceId");
        SandboxStore.Created created = store.create(Family.ONRAMP, reference, () -> {
            SandboxTransaction txn = new SandboxTransaction(SandboxStore.newId(), Family.ONRAMP, KIND, reference,
                    store.nextReferenceNumber(), body.deepCopy(), "PENDING", Instant.now());
            txn.attributes().put("onrampCrypto", s);
            txn.attributes().put("amount", s.cryptoAmount);
            txn.attributes().put("currency", token);
            return txn;
        });
        if (!created.created()) {
            throw RampRules.duplicate(properties.getDuplicateStatus());
        }
        SandboxTransaction txn = created.transaction();
        scheduler.after(properties.getStepDelay(), () -> send(txn));
        if (faults.dropResponse()) {
            throw new DroppedResponseException();
        }
        synchronized (txn) {
            return view(txn, s);
        }
    }

    public ObjectNode status(String reference) {
        SandboxTransaction txn = store.find(Family.ONRAMP, reference)
                .filter(t -> KIND.equals(t.kind()))
                .orElseThrow(() -> SandboxApiException.notFound("Not Found"));
        synchronized (txn) {
            return view(txn, state(txn));
        }
    }

    private static State state(SandboxTransaction txn) {
        return (State) txn.attributes().get("onrampCrypto");
    }

    private void send(SandboxTransaction txn) {
        synchronized (txn) {
            txn.moveTo("IN_PROGRESS", false, Instant.now());
            webhooks.publish(OnrampService.EVENT, view(txn, state(txn)), state(txn).callbackUrl, txn.reference());
        }
        scheduler.after(properties.getSettleDelay(), () -> settle(txn));
    }

    private void settle(SandboxTransaction txn) {
        synchronized (txn) {
            State s = state(txn);
            if (CryptoAddresses.refundsFailTo(s.receiverAddress)) {
                txn.moveTo("FAILED", true, Instant.now());
            } else {
                s.transactionHash = CryptoAddresses.transactionHash(s.chain);
                s.cryptoAmountReceived = s.cryptoAmount;
                txn.moveTo("SUCCESSFUL", true, Instant.now());
            }
            webhooks.publish(OnrampService.EVENT, view(txn, s), s.callbackUrl, txn.reference());
        }
    }

    /** The §12.3 object, members in the order listed there. */
    private ObjectNode view(SandboxTransaction txn, State s) {
        ObjectNode out = json.createObjectNode();
        out.put("referenceId", txn.reference());
        out.put("status", txn.status());
        out.put("cryptoAmount", s.cryptoAmount);
        out.put("cryptoAmountReceived", s.cryptoAmountReceived);
        out.put("feeInCrypto", s.fee);
        out.put("feeType", "PERCENTAGE");
        out.put("cryptoWallet", s.cryptoWallet);
        out.put("chain", s.chain);
        out.put("token", s.token);
        out.put("amountToSend", RateTable.plain(s.cryptoAmount.add(s.fee)));
        out.put("transactionHash", s.transactionHash);
        return out;
    }
}

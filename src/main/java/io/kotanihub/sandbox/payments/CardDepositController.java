package io.kotanihub.sandbox.payments;

import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kotanihub.sandbox.SandboxProperties;
import io.kotanihub.sandbox.core.Family;
import io.kotanihub.sandbox.core.PhoneOutcomes.Outcome;
import io.kotanihub.sandbox.core.SandboxScheduler;
import io.kotanihub.sandbox.core.SandboxStore;
import io.kotanihub.sandbox.core.SandboxTransaction;
import io.kotanihub.sandbox.wallets.FiatWallet;
import io.kotanihub.sandbox.wallets.WalletBook;
import io.kotanihub.sandbox.web.Envelope;
import io.kotanihub.sandbox.web.SandboxApiException;
import io.kotanihub.sandbox.web.Validation;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * Card deposits (§9.6): ZAR only; the create answers a snake_case DepositResponse, the status record is camelCase.
 * The outcome follows the card number ({@link Outcomes#forCard}); a 3-D Secure card
 * ({@link Outcomes#THREE_DS_CARDS}) answers a non-empty {@code redirect_url} and its deposit stays PENDING until the
 * customer passes the challenge there ({@link HostedCheckoutPages}). The card's number is kept only as its last
 * four digits and its CVV not at all.
 */
@RestController
@RequestMapping("/api/v3/deposit/card")
public class CardDepositController {

    static final String KIND = "deposit/card";
    static final List<String> BRANDS = List.of("VISA", "MASTER");

    private final PaymentSupport support;
    private final CustomerBook customers;
    private final WalletBook wallets;
    private final SandboxStore store;
    private final PaymentEngine engine;
    private final SandboxScheduler scheduler;
    private final SandboxProperties properties;

    public CardDepositController(PaymentSupport support, CustomerBook customers, WalletBook wallets,
                                 SandboxStore store, PaymentEngine engine, SandboxScheduler scheduler,
                                 SandboxProperties properties) {
        this.support = support;
        this.customers = customers;
        this.wallets = wallets;
        this.store = store;
        this.engine = engine;
        this.scheduler = scheduler;
        this.properties = properties;
    }

    @PostMapping
    Map<String, Object> create(@RequestBody(required = false) JsonNode body) {
        Validation validation = Validation.of(body).requireString("fullName").requireString("phoneNumber")
                .requireString("currency").requirePositiveNumber("amount").requireObject("card");
        for (String field : new String[] {"country", "referenceId"}) {
            PaymentSupport.optionalString(validation, body, field);
        }
        PaymentSupport.optionalUrl(validation, body, "callbackUrl");
        PaymentSupport.optionalUrl(validation, body, "customerRedirectUrl");
        JsonNode card = body.path("card");
        if (card.isObject()) {
            for (String field : new String[] {"number", "holder", "expiryMonth", "expiryYear", "cvv", "paymentBrand"}) {
                validation.requireString(card, field, "card." + field);
            }
            String number = Json.text(card, "number");
            String month = Json.text(card, "expiryMonth");
            String year = Json.text(card, "expiryYear");
            String cvv = Json.text(card, "cvv");
            String brand = Json.text(card, "paymentBrand");
            validation.check(number == null || number.replace(" ", "").matches("\\d{12,19}"),
                    "card.number must be a valid card number");
            validation.check(month == null || month.matches("0[1-9]|1[0-2]"), "card.expiryMonth must be MM (01-12)");
            validation.check(year == null || year.matches("\\d{4}"), "card.expiryYear must be YYYY");
            validation.check(cvv == null || cvv.matches("\\d{3,4}"), "card.cvv must be 3 or 4 digits");
            validation.check(brand == null || BRANDS.contains(brand),
                    "card.paymentBrand must be one of the following values: " + String.join(", ", BRANDS));
            if (month != null && year != null && month.matches("0[1-9]|1[0-2]") && year.matches("\\d{4}")) {
                validation.check(!YearMonth.of(Integer.parseInt(year), Integer.parseInt(month))
                        .isBefore(YearMonth.now()), "card has expired");
            }
        }
        String givenReference = Json.text(body, "referenceId");
        support.validate(validation, Family.DEPOSIT, givenReference);

        String currency = Json.text(body, "currency").toUpperCase(Locale.ROOT);
        if (!"ZAR".equals(currency)) {
            throw SandboxApiException.badRequest("Card deposits support ZAR only; " + currency + " is not supported");
        }
        FiatWallet wallet = wallets.forCurrency(currency, null)
                .orElseThrow(() -> SandboxApiException.badRequest("No wallet for currency " + currency));
        wallets.requireUsable(wallet);
        String number = Countries.digits(Json.text(card, "number"));
        boolean threeDs = Outcomes.THREE_DS_CARDS.contains(number);
        String redirect = threeDs ? ServletUriComponentsBuilder.fromCurrentContextPath().toUriString()
                + HostedCheckoutPages.THREE_DS : "";
        String reference = givenReference != null ? givenReference : PaymentSupport.generatedReference("CARD");
        BigDecimal amount = Json.decimal(body, "amount");
        SandboxTransaction txn = support.create(Family.DEPOSIT, reference, DepositController.DUPLICATE, () -> {
            ObjectNode customer = customers.byPhone(Json.text(body, "phoneNumber")).orElseGet(() -> {
                ObjectNode request = Json.object();
                request.put("phone_number", Json.text(body, "phoneNumber"));
                request.put("account_name", Json.text(body, "fullName"));
                return customers.create(request, "ZA");
            });
            SandboxTransaction created = support.newTransaction(Family.DEPOSIT, KIND, reference, masked(body),
                    "PENDING");
            Tx.put(created, Tx.AMOUNT, amount);
            Tx.put(created, Tx.CURRENCY, currency);
            Tx.put(created, Tx.COUNTRY, "ZA");
            Tx.put(created, Tx.WALLET, wallet.id());
            Tx.put(created, Tx.CUSTOMER, Json.text(customer, "customer_key"));
            Tx.put(created, Tx.CALLBACK, Json.text(body, "callbackUrl"));
            Tx.put(created, Tx.COST, Fees.fee(amount, currency));
            Tx.put(created, Tx.TX_AMOUNT, Fees.depositTransactionAmount(amount, currency));
            Tx.put(created, Tx.PROVIDER_REFERENCE, SandboxStore.newId());
            Tx.put(created, Tx.PAYMENT_BRAND, "MASTER".equals(Json.text(card, "paymentBrand")) ? "MASTERCARD" : "VISA");
            Tx.put(created, Tx.REDIRECT_URL, threeDs ? redirect + created.id() : "");
            Tx.put(created, Tx.AWAITING_3DS, threeDs ? Boolean.TRUE : null);
            return created;
        });
        if (threeDs) {
            scheduler.after(properties.getCheckout().getThreeDsTimeout(), () -> answer(txn, Outcomes.THREE_DS_EXPIRED));
        } else {
            support.started(txn, Outcomes.forCard(number));
        }
        ObjectNode data = PaymentViews.depositCreated(txn);
        data.put("redirect_url", Tx.text(txn, Tx.REDIRECT_URL));
        return Envelope.ok("Checkout Created successfully created.", data);
    }

    @GetMapping("/{referenceId}")
    Map<String, Object> status(@PathVariable String referenceId) {
        SandboxTransaction txn = store.find(Family.DEPOSIT, referenceId)
                .filter(t -> KIND.equals(t.kind()))
                .orElseThrow(() -> SandboxApiException.notFound("Not Found"));
        ObjectNode out = Json.object();
        out.put("status", txn.status());
        out.put("id", txn.id());
        Json.putAmount(out, "amount", Tx.decimal(txn, Tx.AMOUNT));
        out.put("walletId", Tx.text(txn, Tx.WALLET));
        out.put("callbackUrl", Tx.text(txn, Tx.CALLBACK));
        out.put("referenceId", txn.reference());
        out.put("referenceNumber", txn.referenceNumber());
        out.put("createdAt", Json.time(txn.createdAt()));
        Json.putAmount(out, "transactionCost", Tx.decimal(txn, Tx.COST));
        Json.putAmount(out, "transactionAmount", Tx.decimal(txn, Tx.TX_AMOUNT));
        out.put("customerKey", Tx.text(txn, Tx.CUSTOMER));
        Json.putAmount(out, "initialDepositBalance", Tx.decimal(txn, Tx.INITIAL_DEPOSIT));
        Json.putAmount(out, "finalDepositBalance", Tx.decimal(txn, Tx.FINAL_DEPOSIT));
        return Envelope.ok("Deposit status retrieved.", out);
    }

    /**
     * The customer's 3-D Secure answer at the redirect page: passed starts the deposit (PENDING → INITIATED →
     * IN_PROGRESS → SUCCESSFUL); failed starts it towards FAILED. False when the deposit awaits no challenge (answered,
     * or expired after {@code hub.sandbox.checkout.three-ds-timeout}).
     */
    boolean challenge(SandboxTransaction txn, boolean passed) {
        return answer(txn, passed ? Outcomes.forCard(null) : Outcomes.THREE_DS_FAILED);
    }

    /** Ends the wait for the challenge (answered or timed out) once: starts the deposit towards {@code outcome}. */
    private boolean answer(SandboxTransaction txn, Outcome outcome) {
        synchronized (txn) {
            if (txn.attributes().remove(Tx.AWAITING_3DS) == null) {
                return false;
            }
        }
        engine.start(txn, outcome);
        return true;
    }

    /** The request as kept: the card's number reduced to its last four digits, no CVV. */
    private static ObjectNode masked(JsonNode body) {
        ObjectNode copy = ((ObjectNode) body).deepCopy();
        ObjectNode card = (ObjectNode) copy.get("card");
        String number = Countries.digits(Json.text(card, "number"));
        card.put("number", "************" + number.substring(Math.max(0, number.length() - 4)));
        card.remove("cvv");
        return copy;
    }
}

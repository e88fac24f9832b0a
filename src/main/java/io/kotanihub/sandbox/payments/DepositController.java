package io.kotanihub.sandbox.payments;

import java.math.BigDecimal;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kotanihub.sandbox.core.Family;
import io.kotanihub.sandbox.core.PhoneOutcomes.Outcome;
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
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Mobile money deposits (§9.1–9.3), snake_case. The outcome follows the customer's phone number (§21, see
 * {@link Outcomes}); a reused {@code reference_id} answers 400 "Reference already used" (or the configured
 * duplicate status) and creates nothing.
 */
@RestController
@RequestMapping("/api/v3/deposit/mobile-money")
public class DepositController {

    static final String KIND = "deposit/mobile-money";
    static final String DUPLICATE = "Reference already used";

    private final PaymentSupport support;
    private final CustomerBook customers;
    private final WalletBook wallets;
    private final SandboxStore store;

    public DepositController(PaymentSupport support, CustomerBook customers, WalletBook wallets, SandboxStore store) {
        this.support = support;
        this.customers = customers;
        this.wallets = wallets;
        this.store = store;
    }

    @PostMapping
    Map<String, Object> create(@RequestBody(required = false) JsonNode body) {
        Validation validation = Validation.of(body)
                .requireString("customer_key").requirePositiveNumber("amount").requireString("wallet_id");
        for (String field : new String[] {"reference_id", "currency", "customer_redirect_url", "customer_id_number"}) {
            PaymentSupport.optionalString(validation, body, field);
        }
        PaymentSupport.optionalUrl(validation, body, "callback_url");
        String givenReference = Json.text(body, "reference_id");
        support.validate(validation, Family.DEPOSIT, givenReference);

        String reference = givenReference != null ? givenReference : PaymentSupport.generatedReference("DEP");
        ObjectNode[] customer = new ObjectNode[1];
        SandboxTransaction txn = support.create(Family.DEPOSIT, reference, DUPLICATE, () -> {
            customer[0] = customers.require(Json.text(body, "customer_key"));
            FiatWallet wallet = wallets.require(Json.text(body, "wallet_id"));
            wallets.requireUsable(wallet);
            String country = Json.text(customer[0], "country_code");
            String currency = PaymentSupport.currency(wallet, country, Json.text(body, "currency"));
            BigDecimal amount = Json.decimal(body, "amount");
            SandboxTransaction created = support.newTransaction(Family.DEPOSIT, KIND, reference, body, "PENDING");
            Tx.put(created, Tx.AMOUNT, amount);
            Tx.put(created, Tx.CURRENCY, currency);
            Tx.put(created, Tx.COUNTRY, country);
            Tx.put(created, Tx.WALLET, wallet.id());
            Tx.put(created, Tx.CUSTOMER, Json.text(customer[0], "customer_key"));
            Tx.put(created, Tx.CALLBACK, Json.text(body, "callback_url"));
            Tx.put(created, Tx.COST, Fees.fee(amount, currency));
            Tx.put(created, Tx.TX_AMOUNT, Fees.depositTransactionAmount(amount, currency));
            Tx.put(created, Tx.NETWORK, network(customer[0]));
            Tx.put(created, Tx.PROVIDER_REFERENCE, SandboxStore.newId());
            return created;
        });
        support.started(txn, customerOutcome(customer[0]));
        return Envelope.ok("Deposit has been successfully created.", PaymentViews.depositCreated(txn));
    }

    @GetMapping("/status/{referenceId}")
    Map<String, Object> status(@PathVariable String referenceId) {
        SandboxTransaction txn = store.find(Family.DEPOSIT, referenceId)
                .filter(t -> KIND.equals(t.kind()))
                .orElseThrow(() -> SandboxApiException.notFound("Not Found"));
        return Envelope.ok("Deposit status retrieved.", PaymentViews.depositStatus(txn));
    }

    @GetMapping("/transactions")
    Map<String, Object> transactions(@RequestParam(required = false) String status,
                                     @RequestParam(name = "start_date", required = false) String startDate,
                                     @RequestParam(name = "end_date", required = false) String endDate,
                                     @RequestParam(name = "telco_id", required = false) String telcoId,
                                     @RequestParam(required = false) String currency,
                                     @RequestParam(required = false) String page,
                                     @RequestParam(name = "per_page", required = false) String perPage) {
        return support.list(Family.DEPOSIT, t -> KIND.equals(t.kind()),
                new PaymentSupport.ListQuery(status, startDate, endDate, telcoId, currency, page, perPage),
                PaymentViews::depositListItem);
    }

    /** The customer's network: as registered, else resolved from the number's prefix. */
    static String network(ObjectNode customer) {
        String network = Json.text(customer, "network");
        if (network != null) {
            return network;
        }
        String phone = Json.text(customer, "phone_number");
        return Countries.byCode(Json.text(customer, "country_code"))
                .flatMap(country -> {
                    String digits = Countries.digits(phone);
                    String national = digits.startsWith(country.callingCode())
                            ? digits.substring(country.callingCode().length()) : digits;
                    return country.networkOf(national);
                })
                .map(Countries.Network::name)
                .orElse(null);
    }

    /** By the customer's phone; a customer without one (a bank identity) by its account number. */
    static Outcome customerOutcome(ObjectNode customer) {
        String phone = Json.text(customer, "phone_number");
        return phone != null ? Outcomes.forPhone(phone)
                : Outcomes.forBank(null, Json.text(customer, "account_number"));
    }
}

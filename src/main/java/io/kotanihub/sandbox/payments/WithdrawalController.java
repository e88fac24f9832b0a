package io.kotanihub.sandbox.payments;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

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
 * Withdrawals (§10): mobile money ({@code customer_key} plus camelCase), Lipa na M-Pesa and Paybill (KES wallets
 * only), bank v2 ({@code referenceId} required, the wallet is the payout wallet of {@code currency}); their status
 * (§10.5) and list (§10.6).
 *
 * <p>The wallet's payout {@code balance} is debited at creation, atomically with the creation itself: when it is
 * short the answer is 400 "Insufficient funds in fiat wallet" and nothing is created. A reused {@code referenceId}
 * answers 400 "Duplicate referenceId" (or the configured duplicate status). Outcomes: see {@link Outcomes} —
 * mobile money by the customer's phone; bank by {@code bankDetails.phoneNumber} if it is a reserved number, else by
 * account number ({@code 1000000005} not found, {@code 1000000006}/{@code 1000000007} fail, others succeed);
 * Paybill/till by their {@code phoneNumber} if reserved, else by shortcode ({@code 100002} not found,
 * {@code 100003} fails, others succeed). Bank codes are not checked against the banks list (Kotani documents no
 * such rejection); use {@code POST /api/v3/customer/validate/bank} for that.
 */
@RestController
@RequestMapping("/api/v3/withdraw")
public class WithdrawalController {

    static final String MOBILE_MONEY = "withdraw/mobile-money";
    static final String LIPA_NA_MPESA = "withdraw/lipa-na-mpesa";
    static final String PAYBILL = "withdraw/paybill";
    static final String BANK = "withdraw/v2/bank";
    static final String DUPLICATE = "Duplicate referenceId";
    static final String KENYA_ONLY = "Lipa na M-Pesa/Paybill only available for Kenya (KES)";

    private static final List<String> BANK_COUNTRIES = List.of("KE", "ZA", "NG");

    private final PaymentSupport support;
    private final CustomerBook customers;
    private final WalletBook wallets;
    private final SandboxStore store;

    public WithdrawalController(PaymentSupport support, CustomerBook customers, WalletBook wallets,
                                SandboxStore store) {
        this.support = support;
        this.customers = customers;
        this.wallets = wallets;
        this.store = store;
    }

    /** What a payout resolves to before it is created. */
    private record Plan(FiatWallet wallet, String currency, String country, String customerKey, String network,
                        Outcome outcome) { }

    @PostMapping("/mobile-money")
    Map<String, Object> mobileMoney(@RequestBody(required = false) JsonNode body) {
        Validation validation = Validation.of(body)
                .requireString("customer_key").requirePositiveNumber("amount").requireString("walletId");
        common(validation, body);
        PaymentSupport.optionalString(validation, body, "currency");
        String network = Json.text(body, "network");
        validation.check(network == null || CustomerController.NETWORKS.contains(network),
                "network must be one of the following values: " + String.join(", ", CustomerController.NETWORKS));
        return create(MOBILE_MONEY, "Withdrawal has been successfully created.", validation, body, () -> {
            ObjectNode customer = customers.require(Json.text(body, "customer_key"));
            FiatWallet wallet = wallets.require(Json.text(body, "walletId"));
            String country = Json.text(customer, "country_code");
            String currency = PaymentSupport.currency(wallet, country, Json.text(body, "currency"));
            return new Plan(wallet, currency, country, Json.text(customer, "customer_key"),
                    network != null ? network : DepositController.network(customer),
                    DepositController.customerOutcome(customer));
        });
    }

    @PostMapping("/lipa-na-mpesa")
    Map<String, Object> lipaNaMpesa(@RequestBody(required = false) JsonNode body) {
        Validation validation = Validation.of(body).requirePositiveNumber("amount").requireString("walletId")
                .requireObject("lipaNaMpesaDetails");
        common(validation, body);
        JsonNode details = body.get("lipaNaMpesaDetails");
        if (details != null && details.isObject()) {
            validation.requireString(details, "businessShortcode", "lipaNaMpesaDetails.businessShortcode");
        }
        return create(LIPA_NA_MPESA, "Lipa na M-Pesa withdrawal has been successfully created.", validation, body,
                () -> kenyan(body, "MPESA", Outcomes.forShortcode(Json.text(details, "phoneNumber"),
                        Json.text(details, "businessShortcode"))));
    }

    @PostMapping("/paybill")
    Map<String, Object> paybill(@RequestBody(required = false) JsonNode body) {
        Validation validation = Validation.of(body).requirePositiveNumber("amount").requireString("walletId")
                .requireObject("paybillDetails");
        common(validation, body);
        JsonNode details = body.get("paybillDetails");
        if (details != null && details.isObject()) {
            validation.requireString(details, "paybillNumber", "paybillDetails.paybillNumber");
            validation.requireString(details, "accountNumber", "paybillDetails.accountNumber");
        }
        return create(PAYBILL, "Paybill withdrawal has been successfully created.", validation, body,
                () -> kenyan(body, "MPESA", Outcomes.forShortcode(Json.text(details, "phoneNumber"),
                        Json.text(details, "paybillNumber"))));
    }

    @PostMapping("/v2/bank")
    Map<String, Object> bank(@RequestBody(required = false) JsonNode body) {
        Validation validation = Validation.of(body).requirePositiveNumber("amount").requireString("currency")
                .requireString("referenceId").requireObject("bankDetails");
        PaymentSupport.optionalUrl(validation, body, "callbackUrl");
        JsonNode details = body.get("bankDetails");
        String country = null;
        if (details != null && details.isObject()) {
            validation.requireString(details, "name", "bankDetails.name")
                    .requireString(details, "bankCode", "bankDetails.bankCode")
                    .requireString(details, "accountNumber", "bankDetails.accountNumber")
                    .requireString(details, "country", "bankDetails.country");
            String given = Json.text(details, "country");
            country = given == null ? null : Countries.iso2(given).orElse(null);
            validation.check(given == null || (country != null && BANK_COUNTRIES.contains(country)),
                    "bankDetails.country must be one of the following values: " + String.join(", ", BANK_COUNTRIES));
            validation.check(!"ZA".equals(country) || Json.text(details, "bankName") != null,
                    "bankDetails.bankName should not be empty");
        }
        String bankCountry = country;
        return create(BANK, "Withdrawal has been successfully created.", validation, body, () -> {
            String currency = Json.text(body, "currency").toUpperCase(Locale.ROOT);
            FiatWallet wallet = wallets.forCurrency(currency, null)
                    .orElseThrow(() -> SandboxApiException.notFound(WalletBook.NOT_FOUND));
            Countries.byCode(bankCountry).ifPresent(c -> {
                if (!c.currency().equals(currency)) {
                    throw SandboxApiException.badRequest("Currency " + currency + " is not supported for bank "
                            + "transfers in " + c.iso2());
                }
            });
            return new Plan(wallet, wallet.currency(), bankCountry, null, "BANK",
                    Outcomes.forBank(Json.text(details, "phoneNumber"), Json.text(details, "accountNumber")));
        });
    }

    @GetMapping("/status/{referenceId}")
    Map<String, Object> status(@PathVariable String referenceId) {
        SandboxTransaction txn = store.find(Family.WITHDRAWAL, referenceId)
                .orElseThrow(() -> SandboxApiException.notFound("Reference Id not found"));
        return Envelope.ok("Withdrawal status retrieved", PaymentViews.withdrawalStatus(txn));
    }

    @GetMapping("/v2/bank/status/{referenceId}")
    Map<String, Object> bankStatus(@PathVariable String referenceId) {
        SandboxTransaction txn = store.find(Family.WITHDRAWAL, referenceId)
                .filter(t -> BANK.equals(t.kind()))
                .orElseThrow(() -> SandboxApiException.notFound("Reference Id not found"));
        return Envelope.ok("Withdrawal status retrieved", PaymentViews.withdrawalStatus(txn));
    }

    /** Banks for bank payouts in a currency (§10.4; the same list as §6.3). */
    @GetMapping("/v2/bank/supporting-banks/{currency}")
    Map<String, Object> supportingBanks(@PathVariable String currency) {
        List<Map<String, Object>> banks = Banks.list(currency, null).stream().map(b -> {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("code", b.code());
            out.put("name", b.name());
            out.put("currency", b.currency());
            return out;
        }).toList();
        return Envelope.ok("Banks retrieved successfully.", banks);
    }

    @GetMapping("/transactions")
    Map<String, Object> transactions(@RequestParam(required = false) String status,
                                     @RequestParam(name = "start_date", required = false) String startDate,
                                     @RequestParam(name = "end_date", required = false) String endDate,
                                     @RequestParam(name = "telco_id", required = false) String telcoId,
                                     @RequestParam(required = false) String currency,
                                     @RequestParam(required = false) String page,
                                     @RequestParam(name = "per_page", required = false) String perPage) {
        return support.list(Family.WITHDRAWAL, t -> t.kind().startsWith("withdraw/"),
                new PaymentSupport.ListQuery(status, startDate, endDate, telcoId, currency, page, perPage),
                PaymentViews::withdrawalListItem);
    }

    /** The sandbox never holds a payout as a suspected duplicate, so there is never anything to resolve. */
    @PostMapping("/{referenceId}/resolve-duplicate")
    Map<String, Object> resolveDuplicate(@PathVariable String referenceId, @RequestBody(required = false) JsonNode body) {
        Validation.of(body).requireOneOf("action", List.of("proceed", "cancel")).validate();
        SandboxTransaction txn = store.find(Family.WITHDRAWAL, referenceId)
                .orElseThrow(() -> SandboxApiException.notFound("Reference Id not found"));
        throw SandboxApiException.badRequest("Withdrawal " + txn.reference() + " is not held as a suspected duplicate");
    }

    private static void common(Validation validation, JsonNode body) {
        PaymentSupport.optionalString(validation, body, "referenceId");
        PaymentSupport.optionalUrl(validation, body, "callbackUrl");
    }

    /** Lipa na M-Pesa and Paybill: the wallet must be a KES wallet. */
    private Plan kenyan(JsonNode body, String network, Outcome outcome) {
        FiatWallet wallet = wallets.require(Json.text(body, "walletId"));
        if (!"KES".equalsIgnoreCase(wallet.currency())) {
            throw SandboxApiException.badRequest(KENYA_ONLY);
        }
        return new Plan(wallet, wallet.currency(), "KE", null, network, outcome);
    }

    private Map<String, Object> create(String kind, String message, Validation validation, JsonNode body,
                                       Supplier<Plan> planner) {
        String givenReference = Json.text(body, "referenceId");
        support.validate(validation, Family.WITHDRAWAL, givenReference);
        String reference = givenReference != null ? givenReference : PaymentSupport.generatedReference("WD");
        Plan[] plan = new Plan[1];
        SandboxTransaction txn = support.create(Family.WITHDRAWAL, reference, DUPLICATE, () -> {
            plan[0] = planner.get();
            BigDecimal amount = Json.decimal(body, "amount");
            SandboxTransaction created = support.newTransaction(Family.WITHDRAWAL, kind, reference, body, "PENDING");
            Tx.put(created, Tx.AMOUNT, amount);
            Tx.put(created, Tx.CURRENCY, plan[0].currency());
            Tx.put(created, Tx.COUNTRY, plan[0].country());
            Tx.put(created, Tx.WALLET, plan[0].wallet().id());
            Tx.put(created, Tx.CUSTOMER, plan[0].customerKey());
            Tx.put(created, Tx.CALLBACK, Json.text(body, "callbackUrl"));
            Tx.put(created, Tx.COST, Fees.fee(amount, plan[0].currency()));
            Tx.put(created, Tx.TX_AMOUNT, Fees.payoutTransactionAmount(amount, plan[0].currency()));
            Tx.put(created, Tx.NETWORK, plan[0].network());
            Tx.put(created, Tx.PROVIDER_REFERENCE, SandboxStore.newId());
            wallets.debit(plan[0].wallet().id(), amount);
            Tx.put(created, Tx.DEBITED, amount);
            return created;
        });
        support.started(txn, plan[0].outcome());
        return Envelope.ok(message, PaymentViews.withdrawalCreated(txn));
    }
}

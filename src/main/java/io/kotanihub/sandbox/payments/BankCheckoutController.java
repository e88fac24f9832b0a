package io.kotanihub.sandbox.payments;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kotanihub.sandbox.SandboxProperties;
import io.kotanihub.sandbox.core.Family;
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
 * Bank checkout (§9.4, §9.5), camelCase: ZAR gives a hosted checkout page ({@code redirectUrl}, served by
 * {@link HostedCheckoutPages}), KES PAYBYBANK gives PesaLink {@code bankPaymentDetails} with the narrative
 * {@code reference}, NGN a one-time virtual account with {@code expiresInMinutes}. The customer's payment is
 * simulated: the deposit then runs like a mobile-money one, its outcome chosen by {@link Outcomes#forAmount}.
 */
@RestController
@RequestMapping("/api/v3/deposit/bank/checkout")
public class BankCheckoutController {

    static final String KIND = "deposit/bank/checkout";
    static final List<String> METHODS = List.of("PAYBYBANK", "CARD", "CAPITECPAY");
    static final String BANK_NAME = "Kotani Sandbox Bank";
    static final String BANK_CODE = "0999";
    static final String ACCOUNT_NAME = "KOTANI PAY COLLECTIONS";

    private final PaymentSupport support;
    private final CustomerBook customers;
    private final WalletBook wallets;
    private final SandboxStore store;
    private final SandboxProperties properties;

    public BankCheckoutController(PaymentSupport support, CustomerBook customers, WalletBook wallets,
                                  SandboxStore store, SandboxProperties properties) {
        this.support = support;
        this.customers = customers;
        this.wallets = wallets;
        this.store = store;
        this.properties = properties;
    }

    @PostMapping
    Map<String, Object> create(@RequestBody(required = false) JsonNode body) {
        Validation validation = Validation.of(body).requireString("fullName").requireOneOf("paymentMethod", METHODS)
                .requireString("currency").requirePositiveNumber("amount");
        for (String field : new String[] {"phoneNumber", "country", "referenceId", "idNumber"}) {
            PaymentSupport.optionalString(validation, body, field);
        }
        PaymentSupport.optionalUrl(validation, body, "callbackUrl");
        PaymentSupport.optionalUrl(validation, body, "customerRedirectUrl");
        JsonNode force = body.get("forceDefaultMethod");
        validation.check(force == null || force.isNull() || force.isBoolean(), "forceDefaultMethod must be a boolean value");
        String givenReference = Json.text(body, "referenceId");
        support.validate(validation, Family.DEPOSIT, givenReference);

        String currency = Json.text(body, "currency").toUpperCase(Locale.ROOT);
        String method = Json.text(body, "paymentMethod");
        corridor(currency, method, Json.text(body, "idNumber"));
        FiatWallet wallet = wallets.forCurrency(currency, null)
                .orElseThrow(() -> SandboxApiException.badRequest("Bank checkout is not available for " + currency));
        wallets.requireUsable(wallet);
        String base = ServletUriComponentsBuilder.fromCurrentContextPath().toUriString();
        String reference = givenReference != null ? givenReference : PaymentSupport.generatedReference("CHK");
        String phone = Json.text(body, "phoneNumber");
        BigDecimal amount = Json.decimal(body, "amount");
        SandboxTransaction txn = support.create(Family.DEPOSIT, reference, DepositController.DUPLICATE, () -> {
            ObjectNode customer = customer(body, currency);
            SandboxTransaction created = support.newTransaction(Family.DEPOSIT, KIND, reference, body, "PENDING");
            Tx.put(created, Tx.AMOUNT, amount);
            Tx.put(created, Tx.CURRENCY, currency);
            Tx.put(created, Tx.COUNTRY, Countries.byCurrency(currency).map(Countries.Country::iso2).orElse(null));
            Tx.put(created, Tx.WALLET, wallet.id());
            Tx.put(created, Tx.CUSTOMER, Json.text(customer, "customer_key"));
            Tx.put(created, Tx.CALLBACK, Json.text(body, "callbackUrl"));
            Tx.put(created, Tx.COST, Fees.fee(amount, currency));
            Tx.put(created, Tx.TX_AMOUNT, Fees.depositTransactionAmount(amount, currency));
            Tx.put(created, Tx.PROVIDER_REFERENCE, SandboxStore.newId());
            if ("ZAR".equals(currency)) {
                Tx.put(created, Tx.REDIRECT_URL, base + HostedCheckoutPages.CHECKOUT + created.id());
                if ("CARD".equals(method)) {
                    Tx.put(created, Tx.PAYMENT_BRAND, "VISA");
                }
            } else {
                Tx.put(created, Tx.REDIRECT_URL, "");
                Tx.put(created, Tx.BANK_NAME, BANK_NAME);
                Tx.put(created, Tx.BANK_CODE, BANK_CODE);
                Tx.put(created, Tx.BANK_DETAILS, bankDetails(created, currency));
            }
            return created;
        });
        support.started(txn, Outcomes.forAmount(phone, amount));
        ObjectNode data = "ECHO".equalsIgnoreCase(properties.getCheckout().getCreateResponse())
                ? echo(body, txn) : details(txn, "Checkout created successfully");
        return Envelope.ok("Checkout Created successfully created.", data);
    }

    @GetMapping("/status/{referenceId}")
    Map<String, Object> status(@PathVariable String referenceId) {
        SandboxTransaction txn = store.find(Family.DEPOSIT, referenceId)
                .filter(t -> KIND.equals(t.kind()))
                .orElseThrow(() -> SandboxApiException.notFound("Not Found"));
        return Envelope.ok("Deposit status retrieved.", details(txn, statusMessage(txn)));
    }

    /** ZAR takes every method (Capitec Pay with a 13-digit SA ID); KES and NGN only PAYBYBANK. */
    private static void corridor(String currency, String method, String idNumber) {
        switch (currency) {
            case "ZAR" -> {
                if ("CAPITECPAY".equals(method) && (idNumber == null || !idNumber.matches("\\d{13}"))) {
                    throw SandboxApiException.badRequest("A 13-digit South African idNumber is required for Capitec Pay");
                }
            }
            case "KES", "NGN" -> {
                if (!"PAYBYBANK".equals(method)) {
                    throw SandboxApiException.badRequest("Payment method " + method + " is not available for "
                            + currency + "; use PAYBYBANK");
                }
            }
            default -> throw SandboxApiException.badRequest("Bank checkout is not available for " + currency);
        }
    }

    private ObjectNode customer(JsonNode body, String currency) {
        String phone = Json.text(body, "phoneNumber");
        if (phone != null) {
            Optional<ObjectNode> known = customers.byPhone(phone);
            if (known.isPresent()) {
                return known.get();
            }
        }
        ObjectNode request = Json.object();
        request.put("phone_number", phone);
        request.put("account_name", Json.text(body, "fullName"));
        return customers.create(request, Countries.byCurrency(currency).map(Countries.Country::iso2).orElse(null));
    }

    /** KES (PesaLink): pay to Kotani's account quoting {@code reference}; NGN: a one-time virtual account. */
    private ObjectNode bankDetails(SandboxTransaction txn, String currency) {
        ObjectNode details = Json.object();
        details.put("bankName", BANK_NAME);
        details.put("accountName", ACCOUNT_NAME);
        if ("KES".equals(currency)) {
            details.put("accountNumber", "01001000200300");
            Json.putAmount(details, "amount", Tx.decimal(txn, Tx.TX_AMOUNT));
            details.put("reference", "KP" + txn.referenceNumber());
        } else {
            details.put("accountNumber", String.format("99%08d", txn.referenceNumber() % 100_000_000L));
            Json.putAmount(details, "amount", Tx.decimal(txn, Tx.TX_AMOUNT));
            details.put("expiresInMinutes", properties.getCheckout().getVirtualAccountValidity().toMinutes());
        }
        return details;
    }

    /** The status record of §9.5, plus {@code status} unless switched off. */
    private ObjectNode details(SandboxTransaction txn, String message) {
        ObjectNode out = Json.object();
        out.put("id", txn.id());
        out.put("referenceId", txn.reference());
        out.put("referenceNumber", txn.referenceNumber());
        out.put("message", message);
        out.put("redirectUrl", Tx.text(txn, Tx.REDIRECT_URL));
        out.put("customerKey", Tx.text(txn, Tx.CUSTOMER));
        Object bank = txn.attributes().get(Tx.BANK_DETAILS);
        if (bank == null) {
            out.putNull("bankPaymentDetails");
        } else {
            out.set("bankPaymentDetails", ((ObjectNode) bank).deepCopy());
        }
        if (properties.getCheckout().isStatusField()) {
            out.put("status", txn.status());
        }
        return out;
    }

    /** The spec's schema: the request DTO echoed, then what the flow page promises. */
    private ObjectNode echo(JsonNode body, SandboxTransaction txn) {
        ObjectNode out = ((ObjectNode) body).deepCopy();
        out.put("referenceId", txn.reference());
        ObjectNode details = details(txn, "Checkout created successfully");
        details.remove("referenceId");
        out.setAll(details);
        return out;
    }

    private static String statusMessage(SandboxTransaction txn) {
        return switch (txn.status()) {
            case "SUCCESSFUL" -> "Payment received";
            case "PENDING", "INITIATED", "IN_PROGRESS" -> "Awaiting payment";
            default -> Tx.text(txn, Tx.ERROR_MESSAGE) != null ? Tx.text(txn, Tx.ERROR_MESSAGE) : txn.status();
        };
    }
}

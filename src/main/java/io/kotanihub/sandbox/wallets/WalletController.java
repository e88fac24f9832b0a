package io.kotanihub.sandbox.wallets;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.kotanihub.sandbox.SandboxProperties;
import io.kotanihub.sandbox.payments.Countries;
import io.kotanihub.sandbox.web.Envelope;
import io.kotanihub.sandbox.web.SandboxApiException;
import io.kotanihub.sandbox.web.Validation;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Fiat wallets (§8.1) and the deposit-to-payout balance transfer (§8.3). */
@RestController
@RequestMapping("/api/v3/wallet")
public class WalletController {

    private final WalletBook wallets;
    private final SandboxProperties properties;

    public WalletController(WalletBook wallets, SandboxProperties properties) {
        this.wallets = wallets;
        this.properties = properties;
    }

    @PostMapping("/fiat")
    Map<String, Object> create(@RequestBody(required = false) JsonNode body) {
        Validation validation = Validation.of(body).requireString("name").requireString("currency");
        String currency = text(body, "currency");
        validation.check(currency == null || currency.matches("[A-Za-z]{3,5}"), "currency must be a valid currency code");
        String country = text(body, "country");
        validation.check(country == null || Countries.iso2(country).isPresent(), "country must be a valid ISO country code");
        validation.validate();
        FiatWallet wallet = wallets.create(text(body, "name"), currency,
                country == null ? null : Countries.iso2(country).orElseThrow());
        return Envelope.ok("Fiat wallet has been successfully created.", view(wallet));
    }

    @GetMapping("/fiat")
    Map<String, Object> list() {
        return Envelope.ok("Fiat wallet has been successfully retrieved.", wallets.all().stream().map(this::view).toList());
    }

    @GetMapping("/fiat/{id}")
    Map<String, Object> get(@PathVariable String id) {
        return Envelope.ok("The wallet has been successfully retrieved.", view(wallets.require(id)));
    }

    @PatchMapping("/fiat/{id}")
    Map<String, Object> update(@PathVariable String id, @RequestBody(required = false) JsonNode body) {
        Validation validation = Validation.of(body).requireString("name");
        String country = text(body, "country");
        validation.check(country == null || Countries.iso2(country).isPresent(), "country must be a valid ISO country code");
        JsonNode locked = body.get("locked");
        validation.check(locked == null || locked.isNull() || locked.isBoolean(), "locked must be a boolean value");
        validation.validate();
        FiatWallet wallet = wallets.update(id, text(body, "name"),
                country == null ? null : Countries.iso2(country).orElseThrow(),
                locked == null || locked.isNull() ? null : locked.booleanValue());
        return Envelope.ok("Fiat wallet has been successfully updated.", view(wallet));
    }

    @GetMapping("/fiat/currency/{currency}")
    Map<String, Object> byCurrency(@PathVariable String currency, @RequestParam(required = false) String country) {
        String iso2 = country == null || country.isBlank() ? null : Countries.iso2(country).orElse(country);
        FiatWallet wallet = wallets.forCurrency(currency, iso2)
                .orElseThrow(() -> SandboxApiException.notFound(WalletBook.NOT_FOUND));
        return Envelope.ok("The wallet has been successfully retrieved.", view(wallet));
    }

    @PostMapping("/transfer/deposit-balance")
    Map<String, Object> transfer(@RequestBody(required = false) JsonNode body) {
        Validation validation = Validation.of(body).requireString("walletId");
        JsonNode amount = body.get("amount");
        validation.check(amount == null || amount.isNull()
                || (amount.isNumber() && amount.decimalValue().signum() > 0), "amount must be a positive number");
        validation.validate();
        BigDecimal moved = amount == null || amount.isNull() ? null : amount.decimalValue();
        FiatWallet wallet = wallets.transferDepositBalance(text(body, "walletId"), moved);
        return Envelope.ok("Transfer deposit balance has been successfully done.", view(wallet));
    }

    /** The FiatWallet object of §8.1. */
    Map<String, Object> view(FiatWallet wallet) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", wallet.id());
        out.put("name", wallet.name());
        out.put("type", "fiat");
        out.put("currency", wallet.currency());
        out.put("country", wallet.country());
        out.put("integrator", properties.getIntegratorId());
        out.put("status", "active");
        out.put("locked", wallet.locked());
        synchronized (wallet) {
            out.put("balance", Amounts.plain(wallet.balance()));
            out.put("deposit_balance", Amounts.plain(wallet.depositBalance()));
        }
        return out;
    }

    private static String text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        return value == null || value.isNull() || !value.isTextual() || value.asText().isBlank() ? null : value.asText().trim();
    }

}

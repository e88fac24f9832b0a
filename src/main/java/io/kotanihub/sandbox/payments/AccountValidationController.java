package io.kotanihub.sandbox.payments;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kotanihub.sandbox.SandboxProperties;
import io.kotanihub.sandbox.web.Envelope;
import io.kotanihub.sandbox.web.Validation;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Account validation (§7.3–7.5) driven by the tables of §21 ({@link NameLookup}). The TIMEOUT number answers
 * after about 1.5 s, scaled with {@code settle-delay} (1.5 s at the default 5 s).
 */
@RestController
@RequestMapping("/api/v3/customer/validate")
public class AccountValidationController {

    private static final List<String> ACCOUNT_TYPES = List.of("mobile_money", "paybill", "till");
    private static final Duration DEFAULT_SETTLE = Duration.ofSeconds(5);
    private static final Duration TIMEOUT_WAIT = Duration.ofMillis(1500);

    private final SandboxProperties properties;

    public AccountValidationController(SandboxProperties properties) {
        this.properties = properties;
    }

    @PostMapping("/mobile-money")
    Map<String, Object> mobileMoney(@RequestBody(required = false) JsonNode body) throws InterruptedException {
        Validation validation = Validation.of(body);
        String accountType = Optional.ofNullable(Json.text(body, "accountType")).orElse("mobile_money");
        validation.check(ACCOUNT_TYPES.contains(accountType),
                "accountType must be one of the following values: " + String.join(", ", ACCOUNT_TYPES));
        boolean shortcode = !"mobile_money".equals(accountType) && ACCOUNT_TYPES.contains(accountType);
        if (shortcode) {
            validation.requireString("shortCode");
        } else {
            validation.requireString("phoneNumber");
        }
        String network = Json.text(body, "network");
        validation.check(network == null || CustomerController.NETWORKS.contains(network),
                "network must be one of the following values: " + String.join(", ", CustomerController.NETWORKS));
        String countryCode = Json.text(body, "countryCode");
        validation.check(countryCode == null || Countries.byCode(countryCode).isPresent(),
                "countryCode must be a supported ISO-2 or ISO-3 country code");
        validation.validate();
        ObjectNode data = shortcode ? shortcode(body, accountType) : phone(body);
        if ("TIMEOUT".equals(data.path("nameLookupStatus").asText())) {
            Thread.sleep(timeoutWait().toMillis());
        }
        return Envelope.ok("Phone number validated successfully.", data);
    }

    @PostMapping("/bank")
    Map<String, Object> bank(@RequestBody(required = false) JsonNode body) {
        Validation validation = Validation.of(body)
                .requireString("accountNumber").requireString("bankCode").requireString("countryCode");
        String countryCode = Json.text(body, "countryCode");
        validation.check(countryCode == null || Countries.byCode(countryCode).isPresent(),
                "countryCode must be a supported ISO-2 or ISO-3 country code");
        validation.validate();
        Countries.Country country = Countries.byCode(countryCode).orElseThrow();
        String accountNumber = Json.text(body, "accountNumber");
        String accountName = Json.text(body, "accountName");
        Optional<Banks.Bank> bank = Banks.find(Json.text(body, "bankCode"), country.currency());
        boolean formatOk = accountNumber.matches("\\d{6,20}");

        ObjectNode data = Json.object();
        NameLookup.Result lookup = bank.isPresent() && formatOk ? NameLookup.bank(accountNumber, accountName) : null;
        data.put("isValid", formatOk && bank.isPresent() && !lookup.unusable());
        data.put("isSupported", bank.isPresent());
        data.put("requiresInternationalization", false);
        data.put("countryCode", country.iso2());
        data.put("countryName", country.name());
        data.put("accountType", "bank");
        data.put("bankName", bank.map(Banks.Bank::name).orElse(null));
        data.put("currency", country.currency());
        if (!formatOk) {
            data.put("message", "Invalid account number");
        } else if (bank.isEmpty()) {
            data.put("message", "Bank not supported");
        } else {
            data.put("message", "Bank account validated successfully.");
        }
        describeLookup(data, lookup, accountName, bank.isPresent() ? "Invalid account number" : "Bank not supported");
        return Envelope.ok("Bank account validated successfully.", data);
    }

    private ObjectNode phone(JsonNode body) {
        String phone = Json.text(body, "phoneNumber");
        String accountName = Json.text(body, "accountName");
        Optional<Countries.Country> country = Countries.isInternationalNumber(phone)
                ? Countries.ofPhone(phone) : Optional.empty();
        String digits = Countries.digits(phone);
        String national = country.map(c -> digits.substring(c.callingCode().length())).orElse(null);
        boolean formatOk = national != null && national.length() >= 8 && national.length() <= 10;
        Optional<Countries.Network> network = country.flatMap(c -> {
            String given = Json.text(body, "network");
            return given != null ? c.network(given) : c.networkOf(national);
        });
        NameLookup.Result lookup = formatOk ? NameLookup.phone(phone, accountName) : null;

        ObjectNode data = Json.object();
        data.put("isValid", formatOk && !lookup.unusable());
        data.put("isSupported", country.isPresent());
        data.put("requiresInternationalization", false);
        data.put("countryCode", country.map(Countries.Country::iso2).orElse(null));
        data.put("countryName", country.map(Countries.Country::name).orElse(null));
        data.put("callingCode", country.map(c -> "+" + c.callingCode()).orElse(null));
        data.put("internationalNumber", formatOk ? "+" + digits : null);
        data.put("nationalNumber", formatOk ? "0" + national : null);
        data.put("accountType", "mobile_money");
        data.put("currency", country.map(Countries.Country::currency).orElse(null));
        data.put("network", network.map(Countries.Network::name).orElse(null));
        data.put("mno", network.map(Countries.Network::mno).orElse(null));
        data.put("message", formatOk ? "Phone number validated successfully." : "Invalid phone number");
        describeLookup(data, lookup, accountName, "Invalid phone number");
        return data;
    }

    private ObjectNode shortcode(JsonNode body, String accountType) {
        String shortCode = Json.text(body, "shortCode");
        String accountName = Json.text(body, "accountName");
        Countries.Country country = Countries.byCode(Optional.ofNullable(Json.text(body, "countryCode")).orElse("KE"))
                .orElseThrow();
        boolean formatOk = shortCode.matches("\\d{5,7}");
        boolean supported = "KE".equals(country.iso2());
        NameLookup.Result lookup = formatOk && supported ? NameLookup.shortcode(shortCode, accountName) : null;

        ObjectNode data = Json.object();
        data.put("isValid", formatOk && supported && !lookup.unusable());
        data.put("isSupported", supported);
        data.put("requiresInternationalization", false);
        data.put("countryCode", country.iso2());
        data.put("countryName", country.name());
        data.put("accountType", accountType);
        data.put("currency", country.currency());
        data.put("network", supported ? "MPESA" : null);
        data.put("mno", supported ? "SAFARICOM KENYA" : null);
        data.put("message", !supported ? "Paybill and till numbers are only supported in Kenya"
                : formatOk ? "Phone number validated successfully." : "Invalid shortcode");
        describeLookup(data, lookup, accountName, supported ? "Invalid shortcode" : "Country not supported");
        return data;
    }

    /** nameLookupStatus, nameLookupReason, accountName, matchScore, accountStatus and nameMatch (§7.5). */
    private static void describeLookup(ObjectNode data, NameLookup.Result lookup, String accountName,
                                       String unsupportedReason) {
        if (lookup == null) {
            data.putNull("accountName");
            data.put("nameLookupStatus", "UNSUPPORTED");
            data.put("nameLookupReason", unsupportedReason);
            return;
        }
        data.put("accountName", lookup.accountName());
        data.put("nameLookupStatus", lookup.status());
        if (!lookup.matched()) {
            data.put("nameLookupReason", lookup.reason());
        }
        NameLookup.Match match = accountName != null && lookup.matched()
                ? NameLookup.match(accountName, lookup.realName(), lookup.masked()) : null;
        if (match != null) {
            data.put("matchScore", match.score());
        }
        if (lookup.accountStatus() != null) {
            data.put("accountStatus", lookup.accountStatus());
        }
        if (match != null) {
            ObjectNode nameMatch = data.putObject("nameMatch");
            nameMatch.put("provided", match.provided());
            nameMatch.put("score", match.score());
            nameMatch.put("matched", match.matched());
            nameMatch.put("threshold", match.threshold());
            nameMatch.put("masked", match.masked());
        }
    }

    private Duration timeoutWait() {
        return TIMEOUT_WAIT.multipliedBy(properties.getSettleDelay().toMillis()).dividedBy(DEFAULT_SETTLE.toMillis());
    }
}

package io.kotanihub.sandbox.payments;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.kotanihub.sandbox.web.Envelope;
import io.kotanihub.sandbox.web.SandboxApiException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Country support (§6.3): countries, networks, banks and the services lists, from {@link Countries}/{@link Banks}. */
@RestController
@RequestMapping("/api/v3/customer/support")
public class SupportController {

    private static final List<String> SERVICE_TYPES = List.of("DEPOSIT", "CARD_DEPOSIT", "WITHDRAW", "DETAILS",
            "NAME_LOOKUP");

    @GetMapping("/countries")
    Map<String, Object> countries(@RequestParam(required = false) String serviceType,
                                  @RequestParam(required = false) String currency,
                                  @RequestParam(required = false) String countryCode,
                                  @RequestParam(required = false) String isActive) {
        String type = serviceType == null ? "DEPOSIT" : serviceType.toUpperCase(Locale.ROOT);
        if (!SERVICE_TYPES.contains(type)) {
            throw new SandboxApiException(400, "Validation failed: serviceType must be one of the following values: "
                    + String.join(", ", SERVICE_TYPES), Map.of("errors", List.of(
                    "serviceType must be one of the following values: " + String.join(", ", SERVICE_TYPES))));
        }
        List<Map<String, Object>> data = Countries.ALL.stream()
                .filter(c -> offers(c, type))
                .filter(c -> currency == null || c.currency().equalsIgnoreCase(currency))
                .filter(c -> countryCode == null || Countries.iso2(countryCode).map(c.iso2()::equals).orElse(false))
                .filter(c -> isActive == null || !"false".equalsIgnoreCase(isActive.trim()))
                .map(c -> Countries.describe(c, type))
                .toList();
        return Envelope.ok("Countries retrieved successfully.", data);
    }

    @GetMapping("/countries/{countryCode}")
    Map<String, Object> country(@PathVariable String countryCode) {
        Countries.Country country = Countries.byCode(countryCode)
                .orElseThrow(() -> SandboxApiException.notFound("Country not found"));
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("countryCode", country.iso2());
        data.put("name", country.name());
        data.put("iso3Code", country.iso3());
        data.put("currency", country.currency());
        data.put("callingCode", "+" + country.callingCode());
        data.put("services", SERVICE_TYPES.stream().filter(t -> offers(country, t))
                .map(t -> Countries.describe(country, t)).toList());
        return Envelope.ok("Country retrieved successfully.", data);
    }

    @GetMapping("/networks/{countryCode}")
    Map<String, Object> networks(@PathVariable String countryCode) {
        Countries.Country country = Countries.byCode(countryCode)
                .orElseThrow(() -> SandboxApiException.notFound("Country not found"));
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("countryCode", country.iso2());
        data.put("networks", country.networks().stream().map(Countries.Network::name).toList());
        data.put("isRequired", country.networks().size() > 1);
        return Envelope.ok("Networks retrieved successfully.", data);
    }

    @GetMapping("/banks")
    Map<String, Object> banks(@RequestParam(required = false) String currency,
                              @RequestParam(required = false) String search) {
        List<Map<String, Object>> data = Banks.list(currency, search).stream().map(b -> {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("code", b.code());
            out.put("name", b.name());
            out.put("currency", b.currency());
            if (b.universalBranchCode() != null) {
                out.put("universalBranchCode", b.universalBranchCode());
            }
            return out;
        }).toList();
        return Envelope.ok("Banks retrieved successfully.", data);
    }

    @GetMapping("/services/deposit")
    Map<String, Object> depositServices() {
        return services("DEPOSIT");
    }

    @GetMapping("/services/withdraw")
    Map<String, Object> withdrawServices() {
        return services("WITHDRAW");
    }

    private static Map<String, Object> services(String type) {
        List<Map<String, Object>> countries = Countries.ALL.stream().filter(c -> offers(c, type))
                .map(c -> Countries.describe(c, type)).toList();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("serviceType", type);
        data.put("countries", countries);
        data.put("totalCountries", countries.size());
        return Envelope.ok("Services retrieved successfully.", data);
    }

    private static boolean offers(Countries.Country country, String type) {
        return switch (type) {
            case "DEPOSIT" -> country.deposit();
            case "CARD_DEPOSIT" -> "ZA".equals(country.iso2());
            case "WITHDRAW" -> country.withdraw();
            case "NAME_LOOKUP" -> !country.networks().isEmpty() || "ZA".equals(country.iso2());
            default -> true;
        };
    }
}

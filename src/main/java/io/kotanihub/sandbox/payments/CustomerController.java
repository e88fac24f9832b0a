package io.kotanihub.sandbox.payments;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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

/**
 * Mobile-money customers (§7.1, §7.2), snake_case. {@code page}/{@code limit} of the list are marked required in
 * the reference but have no documented error; the sandbox defaults them to 1 and 20.
 */
@RestController
@RequestMapping("/api/v3/customer/mobile-money")
public class CustomerController {

    /** The mobile network enum of §1. */
    static final List<String> NETWORKS = List.of("MTN", "AIRTEL", "VODAFONE", "TIGO", "YAS", "ORANGE",
            "NOT_SUPPORTED", "ZAMTEL", "MPESA", "CHECKOUT", "BKTRX", "CRDTRX", "MOOV", "TMONEY", "FREE", "EXPRESSO",
            "HALOPESA", "VODACOM", "WAVE");
    private static final List<String> ID_TYPES = List.of("NATIONAL_ID", "ECOWAS_ID");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    private final CustomerBook customers;

    public CustomerController(CustomerBook customers) {
        this.customers = customers;
    }

    @PostMapping
    Map<String, Object> create(@RequestBody(required = false) JsonNode body) {
        String country = validate(body, true);
        return Envelope.ok("Customer has been successfully created.", customers.create(body, country));
    }

    @GetMapping
    Map<String, Object> list(@RequestParam(required = false) String page, @RequestParam(required = false) String limit) {
        Integer pageNumber = PaymentSupport.integer(page);
        Integer pageSize = PaymentSupport.integer(limit);
        int size = pageSize == null || pageSize < 1 ? 20 : Math.min(pageSize, 100);
        int from = (pageNumber == null || pageNumber < 1 ? 0 : pageNumber - 1) * size;
        List<ObjectNode> all = customers.all();
        List<ObjectNode> slice = from >= all.size() ? List.of() : all.subList(from, Math.min(all.size(), from + size));
        return Envelope.ok("Customers successfully retrieved.", slice);
    }

    @GetMapping("/phone/{phoneNumber}")
    Map<String, Object> byPhone(@PathVariable String phoneNumber) {
        ObjectNode customer = customers.byPhone(phoneNumber)
                .orElseThrow(() -> SandboxApiException.notFound(CustomerBook.NOT_FOUND));
        return Envelope.ok("Customer fetched successfully.", customer);
    }

    @GetMapping("/{customerKey}")
    Map<String, Object> get(@PathVariable String customerKey) {
        return Envelope.ok("Customer fetched successfully.", customers.require(customerKey));
    }

    @PatchMapping("/{customerKey}")
    Map<String, Object> update(@PathVariable String customerKey, @RequestBody(required = false) JsonNode body) {
        customers.require(customerKey);
        String country = validate(body, false);
        return Envelope.ok("Bio Data has been successfully updated.", customers.update(customerKey, body, country));
    }

    /** Checks every member (all problems listed at once); returns the ISO-2 country code. */
    private static String validate(JsonNode body, boolean creating) {
        Validation validation = Validation.of(body);
        String country = Json.text(body, "country_code");
        validation.check(country != null, "country_code should not be empty");
        validation.check(country == null || Countries.iso2(country).isPresent(),
                "country_code must be a supported ISO-2 or ISO-3 country code");
        String phone = Json.text(body, "phone_number");
        String account = Json.text(body, "account_number");
        if (creating) {
            validation.check(phone != null || account != null, "phone_number should not be empty");
        }
        validation.check(phone == null || Countries.isInternationalNumber(phone),
                "phone_number must be a valid phone number in international format");
        validation.check(account == null || Json.text(body, "bank_code") != null
                        || !creating, "bank_code should not be empty");
        String network = Json.text(body, "network");
        validation.check(network == null || NETWORKS.contains(network),
                "network must be one of the following values: " + String.join(", ", NETWORKS));
        String idType = Json.text(body, "id_type");
        validation.check(idType == null || ID_TYPES.contains(idType),
                "id_type must be one of the following values: " + String.join(", ", ID_TYPES));
        String email = Json.text(body, "email");
        validation.check(email == null || EMAIL.matcher(email).matches(), "email must be an email");
        String birth = Json.text(body, "date_of_birth");
        validation.check(birth == null || DATE.matcher(birth).matches(), "date_of_birth must be a valid ISO 8601 date string");
        for (String field : CustomerBook.FIELDS) {
            JsonNode value = body.get(field);
            validation.check(value == null || value.isNull() || value.isTextual(), field + " must be a string");
        }
        validation.validate();
        return Countries.iso2(country).orElseThrow();
    }
}

package io.kotanihub.sandbox.ramps;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kotanihub.sandbox.payments.Countries;
import io.kotanihub.sandbox.payments.CustomerBook;
import org.springframework.stereotype.Component;

/**
 * The mobile-money customer behind an onramp payer or an offramp receiver: the oldest customer registered with
 * that phone number, else a new one registered on the spot ({@link CustomerBook}), so the reported
 * {@code customerKey} can be looked up with the customer endpoints (§7).
 */
@Component
public class RampCustomers {

    private final CustomerBook customers;
    private final ObjectMapper json;

    public RampCustomers(CustomerBook customers, ObjectMapper json) {
        this.customers = customers;
        this.json = json;
    }

    /** The customer key for this phone number (null without a number). */
    public synchronized String keyFor(String phone, String accountName, String network) {
        if (phone == null) {
            return null;
        }
        return customers.byPhone(phone)
                .orElseGet(() -> register(phone, accountName, network))
                .path("customer_key").asText();
    }

    private ObjectNode register(String phone, String accountName, String network) {
        ObjectNode request = json.createObjectNode();
        request.put("phone_number", phone);
        request.put("network", network);
        request.put("account_name", accountName);
        String country = Countries.ofPhone(phone).map(Countries.Country::iso2).orElse(null);
        return customers.create(request, country);
    }
}

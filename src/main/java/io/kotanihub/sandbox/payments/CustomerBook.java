package io.kotanihub.sandbox.payments;

import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kotanihub.sandbox.SandboxProperties;
import io.kotanihub.sandbox.core.SandboxStore;
import io.kotanihub.sandbox.web.SandboxApiException;
import org.springframework.stereotype.Component;

/**
 * The integrator's mobile-money customers (§7), each kept as the Customer object the API returns.
 *
 * <p>Choices where the reference is silent: creating a customer for a phone number that already has one creates
 * another customer (Kotani documents no uniqueness rule); the lookup by phone compares digits only and returns the
 * oldest customer with that number. Customers are registrations, not transactions: {@code POST /sandbox/reset}
 * keeps them, so a caller's cached {@code customer_key} stays valid.
 */
@Component
public class CustomerBook {

    /** The request members of §7.1, in the order the Customer object lists them. */
    static final List<String> FIELDS = List.of("phone_number", "country_code", "network", "account_name",
            "account_number", "bank_code", "first_name", "last_name", "date_of_birth", "id_number", "id_type",
            "image", "email");

    public static final String NOT_FOUND = "Customer not found.";

    private final SandboxProperties properties;
    private final Map<String, ObjectNode> byKey = new ConcurrentHashMap<>();
    /** Insertion order, for "oldest first". */
    private final List<ObjectNode> inOrder = new CopyOnWriteArrayList<>();

    public CustomerBook(SandboxProperties properties) {
        this.properties = properties;
    }

    /** Creates a customer from a validated request (country code already converted to ISO-2). */
    public ObjectNode create(JsonNode request, String countryIso2) {
        String now = Json.time(Instant.now());
        ObjectNode customer = Json.object();
        customer.put("id", SandboxStore.newId());
        customer.put("customer_key", "cust_" + HexFormat.of().formatHex(randomBytes()));
        for (String field : FIELDS) {
            customer.put(field, Json.text(request, field));
        }
        customer.put("country_code", countryIso2);
        customer.put("integrator", properties.getIntegratorId());
        customer.put("status", "active");
        customer.put("created_at", now);
        customer.put("updated_at", now);
        byKey.put(customer.get("customer_key").asText(), customer);
        inOrder.add(customer);
        return customer.deepCopy();
    }

    /** Applies the members present in a validated PATCH body. */
    public ObjectNode update(String customerKey, JsonNode request, String countryIso2) {
        ObjectNode customer = byKey.get(customerKey);
        if (customer == null) {
            throw SandboxApiException.notFound(NOT_FOUND);
        }
        synchronized (customer) {
            for (String field : FIELDS) {
                String value = Json.text(request, field);
                if (value != null) {
                    customer.put(field, value);
                }
            }
            customer.put("country_code", countryIso2);
            customer.put("updated_at", Json.time(Instant.now()));
            return customer.deepCopy();
        }
    }

    public Optional<ObjectNode> find(String customerKey) {
        ObjectNode customer = customerKey == null ? null : byKey.get(customerKey);
        if (customer == null) {
            return Optional.empty();
        }
        synchronized (customer) {
            return Optional.of(customer.deepCopy());
        }
    }

    /** The customer, or 404 "Customer not found.". */
    public ObjectNode require(String customerKey) {
        return find(customerKey).orElseThrow(() -> SandboxApiException.notFound(NOT_FOUND));
    }

    /** The oldest customer whose phone number has the same digits. */
    public Optional<ObjectNode> byPhone(String phone) {
        String digits = Countries.digits(phone);
        if (digits.isEmpty()) {
            return Optional.empty();
        }
        return all().stream()
                .filter(c -> digits.equals(Countries.digits(Json.text(c, "phone_number"))))
                .findFirst();
    }

    /** Every customer, oldest first. */
    public List<ObjectNode> all() {
        return inOrder.stream()
                .map(c -> {
                    synchronized (c) {
                        return c.deepCopy();
                    }
                })
                .toList();
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[8];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }
}

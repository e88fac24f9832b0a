package io.kotanihub.sandbox.ramps;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kotanihub.sandbox.core.SandboxResettable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Lightning refund invoices (§13.3): whether an invoice can pay a refund (a well-formed BOLT 11 invoice for exactly
 * the refund amount, not expired, not paid before), fetching one from the integrator's {@code generate_invoice_url}
 * (POST {@code {"amount_msat":…,"reference_id":…}}, answer within 10 s), and the set of invoices the sandbox has
 * paid (cleared by a reset).
 */
@Component
public class RefundInvoices implements SandboxResettable {

    private static final Logger LOG = LoggerFactory.getLogger(RefundInvoices.class);
    private static final Duration GENERATE_TIMEOUT = Duration.ofSeconds(10);

    private final ObjectMapper json;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(GENERATE_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    private final Set<String> paid = ConcurrentHashMap.newKeySet();

    public RefundInvoices(ObjectMapper json) {
        this.json = json;
    }

    /** Why {@code invoice} cannot pay a refund of {@code amountMsat} now, or empty when it can. */
    public Optional<String> problem(String invoice, long amountMsat) {
        Optional<Bolt11.Invoice> decoded = Bolt11.decode(invoice);
        if (decoded.isEmpty()) {
            return Optional.of("not a valid BOLT 11 invoice");
        }
        Bolt11.Invoice parsed = decoded.get();
        if (parsed.amountMsat() == null || parsed.amountMsat() != amountMsat) {
            return Optional.of("the invoice amount must be exactly " + amountMsat + " msat");
        }
        if (!Instant.now().isBefore(parsed.expiresAt())) {
            return Optional.of("the invoice has expired");
        }
        if (paid.contains(key(invoice))) {
            return Optional.of("the invoice has already been paid");
        }
        return Optional.empty();
    }

    /**
     * The usable invoice of a {@code refund_config}: its {@code bolt11}, provided {@code amount_msat} and
     * {@code expires_at} (when given) agree with the refund and the invoice itself is usable.
     */
    public Optional<String> fromConfig(JsonNode refundConfig, long amountMsat) {
        String bolt11 = RampJson.text(refundConfig, "bolt11");
        if (bolt11 == null) {
            return Optional.empty();
        }
        JsonNode declared = refundConfig.get("amount_msat");
        if (declared != null && declared.isNumber() && declared.longValue() != amountMsat) {
            return Optional.empty();
        }
        String expiresAt = RampJson.text(refundConfig, "expires_at");
        if (expiresAt != null && !parseInstant(expiresAt).map(Instant.now()::isBefore).orElse(false)) {
            return Optional.empty();
        }
        return problem(bolt11, amountMsat).isEmpty() ? Optional.of(bolt11) : Optional.empty();
    }

    /** Asks {@code generate_invoice_url} for a fresh invoice; empty on a timeout, an error or an unusable answer. */
    public Optional<String> generate(String url, long amountMsat, String reference) {
        try {
            ObjectNode request = json.createObjectNode();
            request.put("amount_msat", amountMsat);
            request.put("reference_id", reference);
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                            .timeout(GENERATE_TIMEOUT)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(request)))
                            .build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (response.statusCode() / 100 != 2) {
                LOG.info("sandbox: generate_invoice_url for {} answered {}", reference, response.statusCode());
                return Optional.empty();
            }
            JsonNode answer = json.readTree(response.body());
            JsonNode declared = answer.get("amount_msat");
            if (declared == null || !declared.isNumber() || declared.longValue() != amountMsat) {
                return Optional.empty();
            }
            return fromConfig(answer, amountMsat);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (Exception e) {
            LOG.info("sandbox: generate_invoice_url for {} failed: {}", reference, e.toString());
            return Optional.empty();
        }
    }

    /** Records the invoice as paid; false when it had been paid already. */
    public boolean pay(String invoice) {
        return paid.add(key(invoice));
    }

    static Optional<Instant> parseInstant(String text) {
        try {
            return Optional.of(OffsetDateTime.parse(text).toInstant());
        } catch (DateTimeParseException e) {
            try {
                return Optional.of(Instant.parse(text));
            } catch (DateTimeParseException again) {
                return Optional.empty();
            }
        }
    }

    private static String key(String invoice) {
        return invoice.trim().toLowerCase(Locale.ROOT);
    }

    @Override
    public void reset() {
        paid.clear();
    }
}

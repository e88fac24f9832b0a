package io.kotanihub.invoices;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * The {@code INVOICE} command on {@code direct:kotani-hub-submit}: a canonical command whose {@code type} is
 * {@code INVOICE} carries the invoice fields of {@link InvoiceRequest}; it goes through the same intake as the API (the
 * work engine then creates its link). The answer mirrors the payment intake's: {@code outcome} ({@code accepted},
 * {@code replayed}, {@code conflict}, {@code invalid}), {@code reference}, {@code source}, {@code problems},
 * {@code invoice}.
 */
@Component
public class InvoiceSubmit {

    private static final Pattern SOURCE = Pattern.compile("[A-Za-z0-9._-]{1,16}");
    private static final int MAX_BYTES = 64 * 1024;
    /** The Kafka message key (Camel's {@code KafkaConstants.KEY}): when present, it must be the reference. */
    static final String KAFKA_KEY = "kafka.KEY";

    private final InvoiceLedger ledger;
    private final CardVault cards;
    private final InvoiceApi api;

    public InvoiceSubmit(InvoiceLedger ledger, CardVault cards, InvoiceApi api) {
        this.ledger = ledger;
        this.cards = cards;
        this.api = api;
    }

    /** True when the body is a JSON object with {@code "type": "INVOICE"}; the body is kept readable as bytes. */
    public boolean isInvoice(Exchange exchange) {
        Object body = exchange.getMessage().getBody();
        if (!(body instanceof byte[] || body instanceof String || body instanceof java.io.InputStream)) {
            return body instanceof Map<?, ?> map && "INVOICE".equals(map.get("type"));
        }
        byte[] bytes = exchange.getMessage().getBody(byte[].class);
        exchange.getMessage().setBody(bytes);
        if (bytes == null || bytes.length > MAX_BYTES) {
            return false;
        }
        try {
            JsonNode node = InvoiceRequest.JSON.readTree(bytes);
            return node != null && "INVOICE".equals(node.path("type").asText(null));
        } catch (IOException e) {
            return false;
        }
    }

    public Map<String, Object> submit(Exchange exchange) {
        Object header = exchange.getMessage().getHeader("kotaniHubSource");
        String source = header == null ? "ROUTE" : String.valueOf(header);
        if (!SOURCE.matcher(source).matches()) {
            source = "ROUTE";
        }
        ObjectNode node = InvoiceRequest.JSON.valueToTree(exchange.getMessage().getBody() instanceof Map<?, ?> map
                ? map : read(exchange.getMessage().getBody(byte[].class)));
        node.remove("type");
        Map<String, Object> out = new LinkedHashMap<>();
        String reference = node.path("reference").asText(null);
        try {
            Object key = exchange.getMessage().getHeader(KAFKA_KEY);
            if (key != null && reference != null && !reference.equals(String.valueOf(key))) {
                throw new InvoiceRequest.InvalidInvoiceException("key", List.of(new InvoiceRequest.Violation(
                        "reference", "the message key '" + key + "' is not the invoice's reference")));
            }
            InvoiceRequest request = InvoiceRequest.of(node);
            Optional<LinkWork> accepted = InvoiceIntake.accept(ledger, cards, request, source, Duration.ZERO);
            out.put("outcome", accepted.isEmpty() ? "conflict" : accepted.get().isNewInvoice() ? "accepted" : "replayed");
            out.put("reference", reference);
            out.put("source", source);
            out.put("problems", accepted.isEmpty() ? List.of(Map.of("field", "reference",
                    "message", "already used by an invoice with different content")) : List.of());
            out.put("invoice", accepted.isEmpty() ? null
                    : api.view(ledger.get(accepted.get().getInvoiceId()).orElseThrow()));
        } catch (InvoiceRequest.InvalidInvoiceException e) {
            out.put("outcome", "invalid");
            out.put("reference", reference);
            out.put("source", source);
            out.put("problems", e.violations().stream()
                    .map(v -> Map.of("field", v.field(), "message", v.message())).toList());
            out.put("invoice", null);
        }
        exchange.getMessage().setHeader("kotaniHubOutcome", out.get("outcome"));
        exchange.getMessage().setHeader("kotaniHubReference", reference);
        return out;
    }

    private static JsonNode read(byte[] bytes) {
        try {
            return InvoiceRequest.JSON.readTree(bytes);
        } catch (IOException e) {
            throw new IllegalStateException("checked by isInvoice", e);
        }
    }
}

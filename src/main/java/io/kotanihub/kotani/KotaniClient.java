package io.kotanihub.kotani;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kotanihub.common.logging.LogMasker;
import io.kotanihub.model.PaymentMethod;
import io.kotanihub.model.PaymentType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The hub's only connection to Kotani's wire format: HTTP calls with the bearer key, JSON bodies written once
 * (compact, amounts as exact decimals), every answer classified by {@link KotaniErrorClassifier}. It never throws
 * for a failed call: a timeout, a reset connection or a refused connection is a {@link KotaniResponse} too. Path
 * parameters that are phone numbers are masked in log lines; keys and bodies are never logged.
 */
@Component
public class KotaniClient {

    private static final Logger LOG = LoggerFactory.getLogger(KotaniClient.class);

    static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .build();

    private final KotaniProperties properties;
    private final HttpClient http;
    private final KotaniErrorClassifier classifier = new KotaniErrorClassifier(JSON);
    private List<KotaniCallListener> callListeners = List.of();

    public KotaniClient(KotaniProperties properties) {
        this.properties = properties;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(properties.getConnectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** Told about every call (the console's audit of Kotani calls, the call metrics). */
    @Autowired(required = false)
    public void setCallListeners(List<KotaniCallListener> callListeners) {
        this.callListeners = List.copyOf(callListeners);
    }

    /** Creates a payout (REFERENCE §10.1–10.4). */
    public KotaniResponse payout(PayoutRequest request) {
        return create(request);
    }

    /** Creates a payment of any type: the create call of {@link KotaniRequests#of}. */
    public KotaniResponse create(PayoutRequest request) {
        JsonNode body = request.body();
        return call(request.endpoint(), null, body,
                body.hasNonNull("referenceId") ? body.path("referenceId").asText() : body.path("reference_id").asText());
    }

    /** The status of a payout by the hub's reference (§10.5; bank v2 has its own endpoint, §10.4). */
    public KotaniResponse withdrawalStatus(PaymentMethod method, String reference) {
        return status(PaymentType.PAYOUT, method, reference);
    }

    /** The status of a payment of any type by the hub's reference ({@link KotaniRequests#statusEndpoint}). */
    public KotaniResponse status(PaymentType type, PaymentMethod method, String reference) {
        return call(KotaniRequests.statusEndpoint(type, method), reference, null, reference);
    }

    /** The mobile-money customer registered for a phone number (§7.2); 404 when there is none. */
    public KotaniResponse findCustomer(String phone) {
        return call(KotaniEndpoint.CUSTOMER_BY_PHONE, phone, null, LogMasker.number(phone));
    }

    /** Creates a mobile-money customer (§7.1). */
    public KotaniResponse createCustomer(String phone, String countryCode, String network, String accountName) {
        ObjectNode body = JSON.createObjectNode();
        body.put("phone_number", phone);
        body.put("country_code", countryCode);
        if (network != null) {
            body.put("network", network);
        }
        if (accountName != null) {
            body.put("account_name", accountName);
        }
        return call(KotaniEndpoint.CUSTOMER_CREATE, null, body, LogMasker.number(phone));
    }

    /** The integrator's fiat wallets (§8.1). */
    public KotaniResponse fiatWallets() {
        return call(KotaniEndpoint.FIAT_WALLETS, null, null, "");
    }

    /**
     * Sets the integrator's webhook URL (§5.3); the secret and the event filter are left as configured at Kotani
     * (all events when none was chosen).
     */
    public KotaniResponse updateWebhookUrl(String webhookUrl) {
        ObjectNode body = JSON.createObjectNode();
        body.put("webhook_url", webhookUrl);
        return call(KotaniEndpoint.INTEGRATOR_WEBHOOK, null, body, "");
    }

    /**
     * Checks a bulk-payment CSV (§15.1 step 1, multipart field {@code file}): Kotani's {@code fileHash},
     * {@code isDuplicate}, per-currency totals and row errors.
     */
    public KotaniResponse bulkValidateCsv(String csv, String fileName, String logSubject) {
        String boundary = "kotani-hub-" + Long.toHexString(System.nanoTime());
        String body = "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"file\"; filename=\"" + fileName.replace("\"", "") + "\"\r\n"
                + "Content-Type: text/csv\r\n\r\n" + csv + "\r\n--" + boundary + "--\r\n";
        return exchange(KotaniEndpoint.BULK_VALIDATE_CSV, KotaniEndpoint.BULK_VALIDATE_CSV.path(), body, true,
                Map.of("Content-Type", "multipart/form-data; boundary=" + boundary), logSubject);
    }

    /** Creates bulk-payment batches (§15.3, one per currency); 201 with the Batch objects. */
    public KotaniResponse bulkCreate(JsonNode request, String logSubject) {
        return call(KotaniEndpoint.BULK_CREATE, null, request, logSubject);
    }

    /** One page (1-based) of the bulk batches, newest first, of a currency (§15.4 list endpoints). */
    public KotaniResponse bulkBatches(String currency, int page, int limit) {
        return call(KotaniEndpoint.BULK_BATCHES, null, null, "page " + page, "?page=" + page + "&limit=" + limit
                + (currency == null ? "" : "&currency=" + encode(currency)));
    }

    /** One bulk batch with its counts and progress steps. */
    public KotaniResponse bulkBatch(String batchId) {
        return call(KotaniEndpoint.BULK_BATCH, batchId, null, batchId);
    }

    /** One page (1-based) of a bulk batch's payments (reference, status, withdrawalId, errorMessage). */
    public KotaniResponse bulkBatchPayments(String batchId, int page, int limit) {
        return call(KotaniEndpoint.BULK_BATCH_PAYMENTS, batchId, null, batchId,
                "/payments?page=" + page + "&limit=" + limit);
    }

    /** One page (1-based) of the bulk parent transactions (each with its batches), newest first. */
    public KotaniResponse bulkTransactions(String currency, int page, int limit) {
        return call(KotaniEndpoint.BULK_TRANSACTIONS, null, null, "page " + page, "?page=" + page + "&limit=" + limit
                + (currency == null ? "" : "&currency=" + encode(currency)));
    }

    private KotaniResponse call(KotaniEndpoint endpoint, String pathParameter, JsonNode body, String logSubject,
                                String suffix) {
        String path = endpoint.path() + (pathParameter == null ? "" : encode(pathParameter)) + suffix;
        return exchange(endpoint, path, body == null ? null : write(body), true, Map.of(), logSubject);
    }

    private KotaniResponse call(KotaniEndpoint endpoint, String pathParameter, JsonNode body, String logSubject) {
        String path = endpoint.path() + (pathParameter == null ? "" : encode(pathParameter));
        return exchange(endpoint, path, body == null ? null : write(body), true, Map.of(), logSubject);
    }

    /** A path parameter as it goes into a URL path. */
    public static String encode(String pathParameter) {
        return URLEncoder.encode(pathParameter, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /**
     * One call with an exact body (for callers that sign the bytes they send, like the crypto bridge's reports):
     * {@code path} is the whole path, {@code bearer} whether the API key goes with it, {@code headers} any others.
     * Classified, told to the call listeners and logged like every other call.
     */
    public KotaniResponse exchange(KotaniEndpoint endpoint, String path, String body, boolean bearer,
                                   Map<String, String> headers, String logSubject) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(properties.getBaseUrl() + path))
                .timeout(properties.getRequestTimeout())
                .header("Accept", "application/json");
        if (bearer) {
            request.header("Authorization", "Bearer " + properties.getApiKey());
        }
        headers.forEach(request::header);
        if (body != null) {
            request.header("Content-Type", "application/json")
                    .method(endpoint.method(), HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        } else {
            request.method(endpoint.method(), HttpRequest.BodyPublishers.noBody());
        }
        long started = System.nanoTime();
        KotaniResponse response;
        try {
            HttpResponse<String> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            response = classifier.classify(answer.statusCode(), answer.body(),
                    answer.headers().firstValue("Retry-After").orElse(null), Instant.now());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            response = classifier.failure(e);
        } catch (IOException | RuntimeException e) {
            response = classifier.failure(e);
        }
        Duration latency = Duration.ofNanos(System.nanoTime() - started);
        for (KotaniCallListener listener : callListeners) {
            try {
                listener.called(endpoint, logSubject, response, latency);
            } catch (RuntimeException e) {
                LOG.warn("Kotani call listener {} failed: {}", listener.getClass().getSimpleName(), e.toString());
            }
        }
        boolean createLost = response.outcome() == KotaniResponse.Outcome.UNKNOWN && "POST".equals(endpoint.method());
        if (createLost || LOG.isDebugEnabled()) {
            String line = "{} {} [{}] -> {} {} in {} ms";
            Object[] args = {endpoint.method(), endpoint.path(), logSubject, response.outcome(),
                    response.httpStatus() == 0 ? response.message() : response.httpStatus(),
                    latency.toMillis()};
            if (createLost) {
                LOG.warn(line, args);
            } else {
                LOG.debug(line, args);
            }
        }
        return response;
    }

    private static String write(JsonNode body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("request body cannot be written", e);
        }
    }
}

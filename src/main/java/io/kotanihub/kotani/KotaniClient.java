package io.kotanihub.kotani;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kotanihub.common.logging.LogMasker;
import io.kotanihub.model.PaymentMethod;
import io.kotanihub.model.PaymentType;
import jakarta.annotation.PreDestroy;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The hub's only connection to Kotani's wire format. Every call goes through the Kotani Kamelet of its endpoint
 * ({@link KotaniKamelets}: the same {@code kamelets/} any other Camel runtime uses) on camel-http, in a small Camel
 * context of its own: base URL and key from {@link KotaniProperties} as the Kamelets' properties (never in an
 * endpoint URI), connect and answer timeouts, a connection pool per operation sized by {@code connections}, no
 * redirects, no automatic retries (a create is never sent twice by the HTTP client). JSON bodies are written once
 * (compact, amounts as exact decimals) and sent as exact bytes; every answer is classified by
 * {@link KotaniErrorClassifier} (in the Kamelet). It never throws for a failed call: a timeout, a reset connection
 * or a refused connection is a {@link KotaniResponse} too. Path parameters that are phone numbers are masked in log
 * lines; keys and bodies are never logged.
 */
@Component
public class KotaniClient {

    private static final Logger LOG = LoggerFactory.getLogger(KotaniClient.class);

    static final ObjectMapper JSON = KotaniErrorClassifier.EXACT_JSON;
    private static final Duration CONNECTION_TIME_TO_LIVE = Duration.ofSeconds(15);

    private final CamelContext camel;
    private final ProducerTemplate template;
    private final Map<String, Endpoint> kamelets = new ConcurrentHashMap<>();
    private List<KotaniCallListener> callListeners = List.of();

    public KotaniClient(KotaniProperties properties) {
        this.camel = kameletContext(properties);
        this.template = camel.createProducerTemplate();
    }

    /**
     * The Camel context the Kamelets run in: its own camel-http (timeouts and pool for Kotani alone) and the
     * Kamelets' {@code baseUrl} and {@code apiKey} as {@code camel.kamelet.<name>.*} properties.
     */
    private static CamelContext kameletContext(KotaniProperties properties) {
        DefaultCamelContext camel = new DefaultCamelContext();
        camel.getCamelContextExtension().setName("kotani-client");
        camel.disableJMX();
        camel.setApplicationContextClassLoader(KotaniClient.class.getClassLoader());
        camel.addComponent("http", http(properties));
        camel.addComponent("https", http(properties));
        Properties kameletProperties = new Properties();
        for (KotaniEndpoint endpoint : KotaniEndpoint.values()) {
            String prefix = "camel.kamelet." + KotaniKamelets.name(endpoint) + ".";
            kameletProperties.setProperty(prefix + "baseUrl", properties.getBaseUrl());
            if (KotaniKamelets.bearer(endpoint)) {
                kameletProperties.setProperty(prefix + "apiKey", Objects.toString(properties.getApiKey(), ""));
            }
        }
        camel.getPropertiesComponent().setInitialProperties(kameletProperties);
        camel.getShutdownStrategy().setTimeout(properties.getRequestTimeout().toSeconds() + 5);
        camel.start();
        return camel;
    }

    private static HttpComponent http(KotaniProperties properties) {
        HttpComponent http = new HttpComponent();
        long connect = properties.getConnectTimeout().toMillis();
        long answer = properties.getRequestTimeout().toMillis();
        http.setConnectTimeout(connect);
        http.setConnectionRequestTimeout(answer);
        http.setResponseTimeout(answer);
        http.setSoTimeout(answer);
        http.setMaxTotalConnections(properties.getConnections());
        http.setConnectionsPerRoute(properties.getConnections());
        // a kept-alive connection is not reused after this (below the idle timeouts of Kotani's and the sandbox's
        // servers), so that a create never goes out on a connection the server has already closed
        http.setConnectionTimeToLive(CONNECTION_TIME_TO_LIVE.toMillis());
        http.setFollowRedirects(false);
        http.setRedirectHandlingDisabled(true);
        http.setAutomaticRetriesDisabled(true);
        http.setCookieManagementDisabled(true);
        return http;
    }

    /** The Kamelets' context (tests look at what it holds). */
    CamelContext kameletContext() {
        return camel;
    }

    /** Stops the Kamelets' context once the beans that call Kotani are gone (Spring destroys dependents first). */
    @PreDestroy
    public void close() {
        camel.stop();
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

    /** A path parameter as it goes into a URL path (as the Kamelets encode it). */
    public static String encode(String pathParameter) {
        return KotaniKamelets.encode(pathParameter);
    }

    /**
     * One call with an exact body (for callers that sign the bytes they send, like the crypto bridge's reports):
     * {@code path} is the whole path, {@code bearer} whether the API key goes with it, {@code headers} any others.
     * Classified, told to the call listeners and logged like every other call.
     */
    public KotaniResponse exchange(KotaniEndpoint endpoint, String path, String body, boolean bearer,
                                   Map<String, String> headers, String logSubject) {
        long started = System.nanoTime();
        KotaniKamelets.Call call = KotaniKamelets.call(endpoint, path);
        KotaniResponse response;
        if (call == null || bearer != KotaniKamelets.bearer(endpoint)) {
            LOG.error("Not a call of {} {} [{}]", endpoint, bearer ? "with the key" : "without the key", logSubject);
            response = KotaniResponse.notSent("not a call of " + endpoint);
        } else {
            response = send(call, body, headers);
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

    /**
     * Runs the Kamelet: the path parameter (or else the exact body bytes) as the body, the query in
     * {@link KotaniKamelets#QUERY}, the caller's headers as they are. The Kamelet leaves the classified answer in
     * {@link KotaniResponse#EXCHANGE_PROPERTY}; without one the Kamelet failed before its HTTP step: nothing was sent.
     */
    private KotaniResponse send(KotaniKamelets.Call call, String body, Map<String, String> headers) {
        Exchange answer;
        try {
            answer = template.send(kamelet(call.kamelet()), exchange -> {
                Message message = exchange.getMessage();
                headers.forEach(message::setHeader);
                if (call.query() != null) {
                    message.setHeader(KotaniKamelets.QUERY, call.query());
                }
                if (call.parameter() != null) {
                    message.setBody(call.parameter());
                } else if (body != null) {
                    message.setBody(body.getBytes(StandardCharsets.UTF_8));
                }
            });
        } catch (RuntimeException notStarted) {
            return KotaniResponse.notSent("the Kotani Kamelet " + call.kamelet() + " could not run: "
                    + notStarted.getClass().getSimpleName());
        }
        KotaniResponse classified = answer.getProperty(KotaniResponse.EXCHANGE_PROPERTY, KotaniResponse.class);
        if (classified != null) {
            return classified;
        }
        Exception failed = answer.getException();
        return failed != null
                ? KotaniResponse.notSent("the Kotani Kamelet " + call.kamelet() + " failed before calling: "
                        + failed.getClass().getSimpleName())
                : KotaniResponse.unknown("the Kotani Kamelet " + call.kamelet() + " gave no classified answer");
    }

    private Endpoint kamelet(String name) {
        return kamelets.computeIfAbsent(name, n -> camel.getEndpoint("kamelet:" + n));
    }

    private static String write(JsonNode body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("request body cannot be written", e);
        }
    }
}

package io.kotanihub.ingest.route;

import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.kotanihub.common.logging.LogText;
import io.kotanihub.dispatch.IntakeResult;
import io.kotanihub.dispatch.PaymentIntake;
import io.kotanihub.ingest.CommandReader;
import io.kotanihub.ingest.rest.PaymentApi;
import io.kotanihub.model.CommandValidator;
import io.kotanihub.model.PaymentCommand;
import io.kotanihub.model.Violation;
import io.kotanihub.rest.ApiProperties;
import org.apache.camel.Exchange;
import org.apache.camel.WrappedFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * {@code direct:kotani-hub-submit}: a user's own route hands the hub one canonical payment command (JSON as a
 * string, bytes, a stream or a file; or a {@code Map} or any object Jackson writes as the command's JSON) and gets
 * the intake result back, never an exception for bad input. The command goes through the same reading, validation
 * and {@link PaymentIntake} as the REST and Kafka ingresses; its {@code source} is the header
 * {@value #SOURCE_HEADER} (default {@value #DEFAULT_SOURCE}).
 * <p>
 * The answer is the body, a map: {@code outcome} ({@code accepted}, {@code replayed}, {@code conflict},
 * {@code invalid}), {@code reference}, {@code source}, {@code problems} (every problem, for {@code invalid}) and
 * {@code payment} (the ledger's record, for {@code accepted} and {@code replayed}). The headers
 * {@value #OUTCOME_HEADER} and {@value #REFERENCE_HEADER} repeat the outcome and the reference.
 */
@Component
public class RouteCommandIntake {

    public static final String SOURCE_HEADER = "kotaniHubSource";
    public static final String OUTCOME_HEADER = "kotaniHubOutcome";
    public static final String REFERENCE_HEADER = "kotaniHubReference";
    public static final String DEFAULT_SOURCE = "ROUTE";
    /** The ledger's {@code payments.source} column is {@code varchar(16)}. */
    public static final int MAX_SOURCE_LENGTH = 16;

    private static final Pattern SOURCE = Pattern.compile("[A-Za-z0-9._-]{1," + MAX_SOURCE_LENGTH + "}");
    /** Writes object bodies as JSON, and the payment record as plain values (ISO-8601 times) any data format takes. */
    private static final ObjectMapper JSON = JsonMapper.builder().findAndAddModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();
    private static final Logger LOG = LoggerFactory.getLogger(RouteCommandIntake.class);

    private final PaymentIntake intake;
    private final ApiProperties properties;

    public RouteCommandIntake(PaymentIntake intake, ApiProperties properties) {
        this.intake = intake;
        this.properties = properties;
    }

    public Map<String, Object> submit(Exchange exchange) {
        Map<String, Object> result = evaluate(exchange);
        exchange.getMessage().setHeader(OUTCOME_HEADER, result.get("outcome"));
        exchange.getMessage().setHeader(REFERENCE_HEADER, result.get("reference"));
        LOG.info("route command {} from {}: {}", LogText.value(result.get("reference")), result.get("source"),
                result.get("outcome"));
        return result;
    }

    private Map<String, Object> evaluate(Exchange exchange) {
        Object header = exchange.getMessage().getHeader(SOURCE_HEADER);
        String source = header == null ? DEFAULT_SOURCE : String.valueOf(header);
        List<Violation> problems = new ArrayList<>();
        if (!SOURCE.matcher(source).matches()) {
            problems.add(new Violation(SOURCE_HEADER, "must be 1 to " + MAX_SOURCE_LENGTH
                    + " characters of A-Z, a-z, 0-9, '.', '_' or '-'"));
            source = LogText.value(source, 2 * MAX_SOURCE_LENGTH);
        }
        PaymentCommand command;
        try {
            command = CommandValidator.normalise(CommandReader.read(bytes(exchange)));
        } catch (CommandReader.UnreadableCommandException e) {
            problems.add(new Violation("body", "not a payment command: " + e.getMessage()));
            return answer("invalid", null, source, problems, null);
        }
        problems.addAll(CommandValidator.validate(command));
        if (!problems.isEmpty()) {
            return answer("invalid", command.reference(), source, problems, null);
        }
        IntakeResult result = intake.accept(command, source, null, null);
        return switch (result.outcome()) {
            case ACCEPTED -> answer("accepted", command.reference(), source, problems, command.reference());
            case REPLAY -> answer("replayed", command.reference(), source, problems, command.reference());
            case CONFLICT -> answer("conflict", command.reference(), source, List.of(new Violation("reference",
                    "already used by a payment with different content")), null);
        };
    }

    private byte[] bytes(Exchange exchange) {
        Object body = exchange.getMessage().getBody();
        byte[] bytes;
        if (body == null) {
            return null;
        } else if (body instanceof byte[] b) {
            bytes = b;
        } else if (body instanceof String s) {
            bytes = s.getBytes(StandardCharsets.UTF_8);
        } else if (body instanceof InputStream || body instanceof Reader || body instanceof WrappedFile<?>
                || body instanceof java.io.File || body instanceof java.nio.file.Path) {
            bytes = exchange.getContext().getTypeConverter().tryConvertTo(byte[].class, exchange, body);
        } else {
            try {
                bytes = JSON.writeValueAsBytes(body);
            } catch (JsonProcessingException e) {
                throw new CommandReader.UnreadableCommandException("the body (" + body.getClass().getSimpleName()
                        + ") cannot be written as JSON");
            }
        }
        long max = properties.getMaxJsonBody().toBytes();
        if (bytes != null && bytes.length > max) {
            throw new CommandReader.UnreadableCommandException("a payment command may not exceed "
                    + properties.getMaxJsonBody().toKilobytes() + " KB");
        }
        return bytes;
    }

    private Map<String, Object> answer(String outcome, String reference, String source, List<Violation> problems,
                                       String stored) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("outcome", outcome);
        out.put("reference", reference);
        out.put("source", source);
        out.put("problems", problems.stream().map(v -> {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("field", v.field());
            p.put("message", v.message());
            return p;
        }).toList());
        out.put("payment", stored == null ? null : intake.find(stored)
                .map(record -> plain(PaymentApi.view(record))).orElse(null));
        return out;
    }

    /** The record as maps, lists, strings and numbers only (times as ISO-8601 text). */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> plain(Map<String, Object> view) {
        try {
            return JSON.treeToValue(JSON.valueToTree(view), Map.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the payment record cannot be written as JSON", e);
        }
    }
}

package io.kotanihub.ingest.rest;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kotanihub.ops.logging.RouteFailures;
import io.kotanihub.rest.ApiProblem;
import io.kotanihub.rest.ApiResponse;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.springframework.stereotype.Component;

/**
 * Writes REST answers onto the Camel message: status, content type and JSON body; and renders every failure as an
 * RFC 9457 problem ({@code application/problem+json}) without internals.
 */
@Component
public class ApiResponses {

    private final ObjectMapper json;
    private final RouteFailures failures;

    public ApiResponses(ObjectMapper json, RouteFailures failures) {
        this.json = json;
        this.failures = failures;
    }

    public void write(Exchange exchange) throws JsonProcessingException {
        ApiResponse response = exchange.getMessage().getBody(ApiResponse.class);
        Message message = exchange.getMessage();
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, response.status());
        message.setHeader(Exchange.CONTENT_TYPE, response.contentType());
        message.setBody(response.body() instanceof String text ? text : json.writeValueAsString(response.body()));
    }

    /**
     * The handled exception of the exchange, as a problem. An unexpected one (500) is logged once, with its stack
     * trace and the request's method and path (never its body), before the answer says so.
     */
    public void problem(Exchange exchange) throws JsonProcessingException {
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        ApiProblem problem = cause instanceof ApiProblem p ? p
                : cause instanceof JsonProcessingException || cause instanceof IllegalArgumentException
                ? new ApiProblem(400, "Bad Request", "the request body is not a valid JSON document of the expected shape")
                : new ApiProblem(500, "Internal Server Error", "the request could not be processed; it was logged");
        if (problem.status() >= 500 && problem != cause) {
            failures.log(exchange);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", problem.title());
        body.put("status", problem.status());
        body.put("detail", problem.getMessage());
        body.put("instance", exchange.getMessage().getHeader(Exchange.HTTP_URI, String.class));
        if (!problem.errors().isEmpty()) {
            body.put("errors", problem.errors());
        }
        Message message = exchange.getMessage();
        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, problem.status());
        message.setHeader(Exchange.CONTENT_TYPE, "application/problem+json");
        if (problem.status() == 401) {
            message.setHeader("WWW-Authenticate", "Bearer");
        }
        message.setBody(json.writeValueAsString(body));
    }
}

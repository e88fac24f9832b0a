package io.kotanihub.ops.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.AdviceWith;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import io.kotanihub.support.HubTest;

/**
 * The shared error handling of {@code routes/error-handling.camel.yaml} applies to the hub's ordinary routes (those
 * naming no route configuration) and the REST API's problems log what they answer 500 for: each unexpected failure
 * is one ERROR line with its stack trace, route and what it was about (never the body). Same context as
 * {@code RestPaymentsTest} and {@code RestApiAuthTest}.
 */
@HubTest
@ExtendWith(OutputCaptureExtension.class)
class RouteFailuresTest {

    /** The first line of a log event (the text pattern of logback-spring.xml). */
    private static final Pattern EVENT = Pattern.compile("^\\d{4}-\\d\\d-\\d\\dT\\S+\\s+(ERROR|WARN|INFO|DEBUG) .*");

    @LocalServerPort
    int port;

    @Autowired
    CamelContext camel;

    @Autowired
    ProducerTemplate producer;

    @Test
    void aFailingStepOfAnOrdinaryHubRouteIsLoggedOnceByTheSharedHandlerWithoutItsBody(CapturedOutput output) {
        String body = "not-a-payment-" + UUID.randomUUID();
        producer.sendBody("seda:payment-dispatch", body);

        await().atMost(Duration.ofSeconds(20)).until(() -> output.getAll().contains("route payment-dispatch failed"));
        await().pollDelay(Duration.ofMillis(500)).until(() -> true);
        List<String> lines = output.getAll().lines().toList();
        List<String> events = lines.stream().filter(l -> EVENT.matcher(l).matches()).toList();
        List<String> failure = events.stream().filter(l -> l.contains("route payment-dispatch failed")).toList();
        assertThat(failure).singleElement().satisfies(l -> assertThat(l).contains(" ERROR ").contains("RouteFailures"));
        String exchangeId = failure.get(0).replaceAll(".*\\(exchange ([^)]+)\\).*", "$1");
        assertThat(events.stream().filter(l -> l.contains(exchangeId)))
                .as("the failure is logged once: no second line from the error handler or the consumer").hasSize(1);
        int at = lines.indexOf(failure.get(0));
        assertThat(lines.subList(at + 1, Math.min(lines.size(), at + 4)))
                .as("with its stack trace").anyMatch(l -> l.startsWith("\tat ") || l.contains("Exception"));
        assertThat(output.getAll()).as("never the body").doesNotContain(body);
    }

    @Test
    void aRestFailureIsA500ProblemLoggedOnceWithItsPathAndNeverItsBody(CapturedOutput output) throws Exception {
        String token = UUID.randomUUID().toString();
        AdviceWith.adviceWith(camel, "api-list-deliveries", route -> route.weaveAddFirst()
                .filter(route.header("X-Test-Failure").isEqualTo(token))
                .throwException(new IllegalStateException("deliberate failure " + token)));

        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                        "http://localhost:" + port + "/api/v1/deliveries?state=dead&secret-query=" + token))
                .header("Authorization", "Bearer hub_dev_key").header("X-Test-Failure", token).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        JsonNode problem = new ObjectMapper().readTree(response.body());
        assertThat(problem.get("detail").asText()).contains("it was logged").doesNotContain(token);

        List<String> lines = output.getAll().lines().toList();
        List<String> events = lines.stream().filter(l -> EVENT.matcher(l).matches())
                .filter(l -> l.contains(" ERROR ") || l.contains(" WARN ")).filter(l -> l.contains(token)).toList();
        assertThat(events).singleElement().satisfies(l -> assertThat(l).contains(" ERROR ")
                .contains("route api-list-deliveries failed on GET /api/v1/deliveries")
                .contains("IllegalStateException: deliberate failure"));
        assertThat(lines).as("with its stack trace")
                .anyMatch(l -> l.startsWith("java.lang.IllegalStateException: deliberate failure " + token));
    }
}

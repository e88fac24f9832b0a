package io.kotanihub.ops.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kotanihub.ops.ObservedBatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * {@link SafeLogsTest}'s batch with {@code hub.logging.format=json}: once Spring has configured logging (the lines before
 * it are JUnit's and the banner) every log line is one JSON object, the lines of a
 * payment's work have its {@code reference} and {@code batchId} members, and the masking holds in JSON too.
 */
@ExtendWith(OutputCaptureExtension.class)
@TestPropertySource(properties = "hub.logging.format=json")
class SafeJsonLogsTest extends ObservedBatch {

    private static final ObjectMapper JSON = new ObjectMapper();

    @DynamicPropertySource
    static void ownDatabase(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:observability-json;MODE=PostgreSQL;"
                + "DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ConfigurableEnvironment environment;

    @BeforeEach
    void logging() {
        applyLogging(environment);
    }

    @AfterEach
    void resetLogging() {
        defaultLogging();
    }

    @Test
    void jsonLogLinesCarryTheReferenceAndBatchIdAndAreMaskedToo(CapturedOutput output) throws Exception {
        Batch batch = runBatch(port);
        await().atMost(Duration.ofSeconds(30)).until(() -> ERP_SIGNATURES.size() > batch.rows().size());

        String log = output.getAll();
        SafeLogsTest.assertNoSecrets(log, batch, kotaniSignatures(jdbc));

        List<JsonNode> events = new ArrayList<>();
        List<String> lines = Arrays.stream(log.split("\\R")).filter(l -> !l.isBlank()).toList();
        int configured = lines.indexOf(lines.stream().filter(l -> l.startsWith("{")).findFirst().orElseThrow());
        for (String line : lines.subList(configured, lines.size())) {
            JsonNode event = JSON.readTree(line);
            assertThat(event.isObject()).as(line).isTrue();
            assertThat(event.path("@timestamp").asText()).as(line).isNotBlank();
            assertThat(event.path("log.level").asText()).as(line).isNotBlank();
            assertThat(event.has("message")).as(line).isTrue();
            events.add(event);
        }
        Row paid = batch.rows().get(0);
        assertThat(events).as("JSON lines of the payment's dispatch carry its reference and batch id")
                .anyMatch(e -> paid.reference().equals(e.path("reference").asText())
                        && batch.id().equals(e.path("batchId").asText())
                        && e.path("message").asText().contains("/api/v3/withdraw/mobile-money"));
        assertThat(events).as("a payment's phone number is logged masked")
                .anyMatch(e -> e.path("message").asText().contains("*********001"));
    }
}

package io.kotanihub.ops.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kotanihub.common.logging.PaymentMdc;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** The console encoder in both formats: JSON is one object per line, every string value masked; text uses the pattern. */
class HubLogEncoderTest {

    private final LoggerContext context = context();
    private final Logger logger = context.getLogger("io.kotanihub.test");
    private final ObjectMapper json = new ObjectMapper();

    private static LoggerContext context() {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(MDC.getMDCAdapter());
        return context;
    }

    @AfterEach
    void clear() {
        MDC.clear();
    }

    private LoggingEvent event(String message, Throwable error, Object... args) {
        return new LoggingEvent("test", logger, Level.INFO, message, error, args);
    }

    private String encode(HubLogEncoder encoder, LoggingEvent event) {
        event.prepareForDeferredProcessing();
        return new String(encoder.encode(event), StandardCharsets.UTF_8);
    }

    private HubLogEncoder encoder(String format) {
        HubLogEncoder encoder = new HubLogEncoder();
        encoder.setContext(context);
        encoder.setFormat(format);
        encoder.setPattern("%level %paymentContext%maskedMsg%n");
        context.putObject(ch.qos.logback.core.CoreConstants.PATTERN_RULE_REGISTRY, new java.util.HashMap<>(java.util.Map.of(
                "paymentContext", PaymentContextConverter.class.getName(),
                "maskedMsg", MaskingMessageConverter.class.getName())));
        encoder.start();
        return encoder;
    }

    @Test
    void jsonLinesAreMaskedObjectsWithTheReferenceAndBatchId() throws Exception {
        HubLogEncoder encoder = encoder("json");
        assertThat(encoder.json()).isTrue();
        try (PaymentMdc ignored = PaymentMdc.of("PAY-1", "batch-7")) {
            String line = encode(encoder, event("paying {} with key {} and {\"api_key\":\"abc123\"}",
                    new IllegalStateException("refused for +254700000001 by sk_sandbox_local"),
                    "+254700000010", "hub_dev_key"));
            assertThat(line).endsWith(System.lineSeparator()).doesNotContain("\n{");
            JsonNode event = json.readTree(line);
            assertThat(event.path("message").asText())
                    .isEqualTo("paying +*********010 with key hub_**** and {\"api_key\":\"****\"}");
            assertThat(event.path("reference").asText()).isEqualTo("PAY-1");
            assertThat(event.path("batchId").asText()).isEqualTo("batch-7");
            assertThat(event.path("log.level").asText()).isEqualTo("INFO");
            assertThat(event.path("log.logger").asText()).isEqualTo("io.kotanihub.test");
            assertThat(event.path("@timestamp").asText()).endsWith("Z");
            assertThat(event.path("error.type").asText()).isEqualTo(IllegalStateException.class.getName());
            assertThat(event.path("error.message").asText()).isEqualTo("refused for +*********001 by sk_****");
            assertThat(event.path("error.stack_trace").asText()).contains("HubLogEncoderTest")
                    .doesNotContain("254700000001").doesNotContain("sk_sandbox_local");
            assertThat(line).doesNotContain("254700000010").doesNotContain("hub_dev_key").doesNotContain("abc123");
        }
    }

    @Test
    void springBootsStructuredFormatPropertySelectsTheMaskedJsonToo() {
        HubLogEncoder encoder = new HubLogEncoder();
        encoder.setStructuredFormat("ecs");
        assertThat(encoder.json()).isTrue();
        encoder.setStructuredFormat("");
        assertThat(encoder.json()).isFalse();
    }

    @Test
    void textLinesUseThePatternWithThePaymentContext() {
        HubLogEncoder encoder = encoder("text");
        assertThat(encoder.json()).isFalse();
        try (PaymentMdc ignored = PaymentMdc.of("PAY-2", "batch-8")) {
            assertThat(encode(encoder, event("account {} failed", null, "1000000005")))
                    .isEqualTo("INFO [ref=PAY-2 batch=batch-8] account *******005 failed" + System.lineSeparator());
        }
        assertThat(encode(encoder, event("idle", null))).isEqualTo("INFO idle" + System.lineSeparator());
    }
}

package io.kotanihub.ops.logging;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.encoder.EncoderBase;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.kotanihub.common.logging.LogMasker;
import io.kotanihub.common.logging.LogText;

/**
 * The console encoder of logback-spring.xml: one line per event, either the text pattern (whose {@code %maskedMsg}
 * and {@code %maskedEx} mask every message and stack trace) or, with {@code hub.logging.format=json} (or Spring Boot's
 * {@code logging.structured.format.console} set to anything), one JSON object per line with ECS-style member names:
 * {@code @timestamp}, {@code log.level}, {@code process.thread.name}, {@code log.logger}, {@code message},
 * {@code reference}, {@code batchId} and any other MDC entry, {@code error.type}, {@code error.message},
 * {@code error.stack_trace}. Every string value of the JSON object goes through {@link LogMasker} before it is
 * escaped (and bounded by {@link LogText} first), so JSON logs are masked and bounded exactly as text logs are (Spring Boot's own structured encoder is not used: it
 * would bypass the masking layer).
 */
public class HubLogEncoder extends EncoderBase<ILoggingEvent> {

    private static final JsonFactory JSON = new JsonFactory();

    private String format = "text";
    private String structuredFormat = "";
    private String pattern;
    private Charset charset = StandardCharsets.UTF_8;
    private PatternLayout layout;

    /** {@code text} (default) or {@code json}: {@code hub.logging.format}. */
    public void setFormat(String format) {
        this.format = format == null ? "text" : format.trim();
    }

    /** Spring Boot's {@code logging.structured.format.console}: any value selects JSON. */
    public void setStructuredFormat(String structuredFormat) {
        this.structuredFormat = structuredFormat == null ? "" : structuredFormat.trim();
    }

    /** The text pattern (used when the format is text). */
    public void setPattern(String pattern) {
        this.pattern = pattern;
    }

    public void setCharset(String charset) {
        if (charset != null && !charset.isBlank()) {
            this.charset = Charset.forName(charset);
        }
    }

    public boolean json() {
        return "json".equalsIgnoreCase(format) || !structuredFormat.isEmpty();
    }

    @Override
    public void start() {
        if (!"text".equalsIgnoreCase(format) && !"json".equalsIgnoreCase(format)) {
            addWarn("hub.logging.format '" + format + "' is neither text nor json; using text");
            format = "text";
        }
        if (!json()) {
            layout = new PatternLayout();
            layout.setContext(getContext());
            layout.setPattern(pattern);
            layout.start();
        }
        super.start();
    }

    @Override
    public void stop() {
        if (layout != null) {
            layout.stop();
        }
        super.stop();
    }

    @Override
    public byte[] headerBytes() {
        return null;
    }

    @Override
    public byte[] footerBytes() {
        return null;
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        String line = json() ? toJson(event) + CoreConstants.LINE_SEPARATOR : layout.doLayout(event);
        return line.getBytes(charset);
    }

    /** One event as a single-line JSON object, every string value masked. */
    static String toJson(ILoggingEvent event) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("@timestamp", Instant.ofEpochMilli(event.getTimeStamp()).toString());
            json.writeStringField("log.level", event.getLevel().toString());
            json.writeStringField("process.thread.name", LogMasker.mask(event.getThreadName()));
            json.writeStringField("log.logger", event.getLoggerName());
            json.writeStringField("message", LogMasker.mask(LogText.capMessage(event.getFormattedMessage())));
            Map<String, String> mdc = event.getMDCPropertyMap();
            if (mdc != null && !mdc.isEmpty()) {
                for (Map.Entry<String, String> entry : new TreeMap<>(mdc).entrySet()) {
                    json.writeStringField(entry.getKey(), LogMasker.mask(LogText.value(entry.getValue(), LogText.MAX_VALUE)));
                }
            }
            IThrowableProxy error = event.getThrowableProxy();
            if (error != null) {
                json.writeStringField("error.type", error.getClassName());
                json.writeStringField("error.message", LogMasker.mask(LogText.capMessage(error.getMessage())));
                json.writeStringField("error.stack_trace", LogMasker.mask(LogText.capTrace(ThrowableProxyUtil.asString(error))));
            }
            json.writeEndObject();
        } catch (IOException e) {
            return "{\"message\":\"log event could not be written as JSON: " + e.getClass().getSimpleName()
                    .toLowerCase(Locale.ROOT) + "\"}";
        }
        return out.toString();
    }
}

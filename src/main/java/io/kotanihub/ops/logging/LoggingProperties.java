package io.kotanihub.ops.logging;

import io.kotanihub.common.logging.LogMasker;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code hub.logging.*}: how the hub writes its log. Logback reads the value itself (logback-spring.xml,
 * {@code springProperty}); this class documents it and makes it known to Spring's configuration metadata. Whatever the
 * format, every line goes through {@link LogMasker}.
 */
@ConfigurationProperties(prefix = "hub.logging")
public class LoggingProperties {

    /**
     * {@code text} (default): the pattern layout, with {@code [ref=<reference> batch=<batch id>]} on lines of a
     * payment's work; {@code json}: one JSON object per line (ECS-style members, {@code reference} and {@code batchId}
     * members). Environment: {@code HUB_LOGGING_FORMAT=json}.
     */
    private String format = "text";

    public String getFormat() {
        return format;
    }

    public void setFormat(String format) {
        this.format = format;
    }
}

package io.kotanihub.ops.logging;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.kotanihub.common.logging.LogMasker;
import io.kotanihub.common.logging.LogText;

/**
 * Logback's {@code %msg}, cut to {@link LogText#MAX_MESSAGE} characters ({@link LogText#capMessage}) and masked by
 * {@link LogMasker}. Registered as {@code %maskedMsg} in logback-spring.xml.
 */
public class MaskingMessageConverter extends MessageConverter {
    @Override
    public String convert(ILoggingEvent event) {
        return LogMasker.mask(LogText.capMessage(super.convert(event)));
    }
}

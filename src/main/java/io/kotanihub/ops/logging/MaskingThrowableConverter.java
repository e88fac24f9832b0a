package io.kotanihub.ops.logging;

import ch.qos.logback.classic.pattern.ExtendedThrowableProxyConverter;
import ch.qos.logback.classic.spi.IThrowableProxy;
import io.kotanihub.common.logging.LogMasker;
import io.kotanihub.common.logging.LogText;

/**
 * Stack traces, bounded ({@link LogText#capTrace}: exception messages may be built from input) and masked by
 * {@link LogMasker} (exception messages often quote request or response bodies).
 */
public class MaskingThrowableConverter extends ExtendedThrowableProxyConverter {
    @Override
    protected String throwableProxyToString(IThrowableProxy tp) {
        return LogMasker.mask(LogText.capTrace(super.throwableProxyToString(tp)));
    }
}

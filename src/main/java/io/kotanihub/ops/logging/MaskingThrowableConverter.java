package io.kotanihub.ops.logging;

import ch.qos.logback.classic.pattern.ExtendedThrowableProxyConverter;
import ch.qos.logback.classic.spi.IThrowableProxy;

/** Stack traces, masked by {@link LogMasker} (exception messages often quote request or response bodies). */
public class MaskingThrowableConverter extends ExtendedThrowableProxyConverter {
    @Override
    protected String throwableProxyToString(IThrowableProxy tp) {
        return LogMasker.mask(super.throwableProxyToString(tp));
    }
}

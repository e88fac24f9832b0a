package io.kotanihub.ops.logging;

import java.util.Map;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.kotanihub.common.logging.LogMasker;
import io.kotanihub.common.logging.LogText;
import io.kotanihub.common.logging.PaymentMdc;

/**
 * {@code %paymentContext} in logback-spring.xml: {@code [ref=<reference> batch=<batch id>] } for lines written while
 * a {@link PaymentMdc} scope is open, nothing otherwise. The values are masked like the message.
 */
public class PaymentContextConverter extends ClassicConverter {

    @Override
    public String convert(ILoggingEvent event) {
        return format(event.getMDCPropertyMap());
    }

    static String format(Map<String, String> mdc) {
        if (mdc == null) {
            return "";
        }
        String reference = mdc.get(PaymentMdc.REFERENCE);
        String batchId = mdc.get(PaymentMdc.BATCH_ID);
        if (reference == null && batchId == null) {
            return "";
        }
        StringBuilder out = new StringBuilder("[");
        if (reference != null) {
            out.append("ref=").append(LogMasker.mask(LogText.value(reference)));
        }
        if (batchId != null) {
            out.append(reference != null ? " " : "").append("batch=").append(LogMasker.mask(LogText.value(batchId)));
        }
        return out.append("] ").toString();
    }
}

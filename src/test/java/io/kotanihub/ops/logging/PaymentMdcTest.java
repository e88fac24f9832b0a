package io.kotanihub.ops.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import io.kotanihub.common.logging.PaymentMdc;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class PaymentMdcTest {

    @AfterEach
    void clear() {
        MDC.clear();
    }

    @Test
    void scopesNestAndRestoreWhatTheThreadHadBefore() {
        try (PaymentMdc batch = PaymentMdc.batch("b-1")) {
            assertThat(MDC.get(PaymentMdc.BATCH_ID)).isEqualTo("b-1");
            assertThat(MDC.get(PaymentMdc.REFERENCE)).isNull();
            try (PaymentMdc payment = PaymentMdc.of(null, null)) {
                assertThat(MDC.get(PaymentMdc.BATCH_ID)).isNull();
                PaymentMdc.update("PAY-9", "b-2");
                assertThat(MDC.get(PaymentMdc.REFERENCE)).isEqualTo("PAY-9");
                assertThat(MDC.get(PaymentMdc.BATCH_ID)).isEqualTo("b-2");
            }
            assertThat(MDC.get(PaymentMdc.REFERENCE)).isNull();
            assertThat(MDC.get(PaymentMdc.BATCH_ID)).isEqualTo("b-1");
        }
        assertThat(MDC.getCopyOfContextMap() == null || MDC.getCopyOfContextMap().isEmpty()).isTrue();
    }

    @Test
    void thePatternShowsWhatIsSetMasked() {
        assertThat(PaymentContextConverter.format(Map.of())).isEmpty();
        assertThat(PaymentContextConverter.format(Map.of("reference", "R1"))).isEqualTo("[ref=R1] ");
        assertThat(PaymentContextConverter.format(Map.of("batchId", "B1"))).isEqualTo("[batch=B1] ");
        assertThat(PaymentContextConverter.format(Map.of("reference", "+254700000001", "batchId", "B1")))
                .isEqualTo("[ref=+*********001 batch=B1] ");
    }
}

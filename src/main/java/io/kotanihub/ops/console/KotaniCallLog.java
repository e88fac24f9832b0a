package io.kotanihub.ops.console;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.Set;

import io.kotanihub.common.logging.LogMasker;
import io.kotanihub.kotani.KotaniCallListener;
import io.kotanihub.kotani.KotaniEndpoint;
import io.kotanihub.kotani.KotaniResponse;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The audit of Kotani calls ({@code kotani_calls}): one row per call with its endpoint, HTTP status, classification
 * and latency, and the payment's reference when the call was about one. Kotani's message is kept masked and short;
 * no body and no key is ever stored.
 */
@Component
public class KotaniCallLog implements KotaniCallListener {

    /** Calls whose subject is not a payment reference (a masked phone number, or nothing). */
    private static final Set<KotaniEndpoint> NOT_ABOUT_A_PAYMENT = EnumSet.of(KotaniEndpoint.CUSTOMER_BY_PHONE,
            KotaniEndpoint.CUSTOMER_CREATE, KotaniEndpoint.FIAT_WALLETS, KotaniEndpoint.INTEGRATOR_WEBHOOK);
    private static final int MAX_MESSAGE = 300;

    private final JdbcTemplate jdbc;

    public KotaniCallLog(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void called(KotaniEndpoint endpoint, String subject, KotaniResponse response, Duration latency) {
        String reference = NOT_ABOUT_A_PAYMENT.contains(endpoint) || subject == null || subject.isEmpty()
                ? null : truncate(subject, 128);
        jdbc.update("insert into kotani_calls (reference, operation, http_method, http_status, outcome, message, "
                        + "latency_ms, at) values (?, ?, ?, ?, ?, ?, ?, ?)",
                reference, endpoint.name(), endpoint.method(), response.httpStatus(), response.outcome().name(),
                truncate(LogMasker.mask(response.message()), MAX_MESSAGE), (int) Math.min(latency.toMillis(), Integer.MAX_VALUE),
                OffsetDateTime.now(ZoneOffset.UTC));
    }

    /** Forgets calls older than the retention (the console-housekeeping route); returns how many. */
    public int forgetBefore(OffsetDateTime before) {
        return jdbc.update("delete from kotani_calls where at < ?", before);
    }

    private static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}

package io.kotanihub.ops.health;

import java.time.Instant;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * What the {@code kotani-reachability} route found when it probed Kotani's {@code GET /health}: reachable until
 * {@code hub.health.kotani-failure-threshold} probes in a row failed (no answer, or not 200), reachable again after
 * one good probe. Read by the {@code kotani} health indicator (readiness) and exported as
 * {@code kotani_hub_kotani_reachable} (1, 0, or -1 before the first probe).
 */
@Component
public class KotaniReachability implements MeterBinder {

    private static final Logger LOG = LoggerFactory.getLogger(KotaniReachability.class);

    /** The state after the last probe. */
    public record State(Boolean reachable, int failuresInARow, String lastProblem, Instant checkedAt,
                        Instant lastSuccessAt) {
        static final State NOT_PROBED = new State(null, 0, null, null, null);
    }

    private final int threshold;
    private volatile State state = State.NOT_PROBED;

    public KotaniReachability(HealthProperties properties) {
        this.threshold = Math.max(1, properties.getKotaniFailureThreshold());
    }

    /** The probe got an HTTP answer with this status code. */
    public void answered(Integer httpStatus) {
        if (httpStatus != null && httpStatus == 200) {
            succeeded();
        } else {
            failed("Kotani health check answered HTTP " + httpStatus);
        }
    }

    /** The probe got no answer (called from the route's doCatch with the caught exception). */
    public void unreachable(Exchange exchange) {
        Exception caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        failed("Kotani health check failed: " + (caught == null ? "no answer"
                : caught.getClass().getSimpleName() + (caught.getMessage() == null ? "" : ": " + caught.getMessage())));
    }

    synchronized void succeeded() {
        State before = state;
        Instant now = Instant.now();
        state = new State(true, 0, null, now, now);
        if (Boolean.FALSE.equals(before.reachable())) {
            LOG.info("Kotani is reachable again");
        } else {
            LOG.debug("Kotani is reachable");
        }
    }

    synchronized void failed(String problem) {
        State before = state;
        int failures = before.failuresInARow() + 1;
        Boolean reachable = failures >= threshold ? Boolean.FALSE
                : before.reachable() == null ? null : Boolean.TRUE;
        state = new State(reachable, failures, problem, Instant.now(), before.lastSuccessAt());
        LOG.warn("{} ({} in a row{})", problem, failures, Boolean.FALSE.equals(reachable)
                ? ": Kotani counts as unreachable, the hub is not ready" : "");
    }

    public State state() {
        return state;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("kotani.hub.kotani.reachable", this,
                        r -> r.state().reachable() == null ? -1 : r.state().reachable() ? 1 : 0)
                .description("1 when Kotani's /health answered (the last probes), 0 when unreachable, -1 before the "
                        + "first probe")
                .register(registry);
    }
}

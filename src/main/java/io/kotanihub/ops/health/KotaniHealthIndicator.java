package io.kotanihub.ops.health;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Health contributor {@code kotani} (part of readiness): UP while the reachability probes answer, DOWN after
 * {@code hub.health.kotani-failure-threshold} failures in a row, UNKNOWN before the first probe (which does not make
 * readiness DOWN). Details: failures in a row, the last problem, when it was checked and last reached.
 */
@Component
public class KotaniHealthIndicator implements HealthIndicator {

    private final KotaniReachability reachability;

    public KotaniHealthIndicator(KotaniReachability reachability) {
        this.reachability = reachability;
    }

    @Override
    public Health health() {
        KotaniReachability.State state = reachability.state();
        Health.Builder health = state.reachable() == null ? Health.unknown()
                : state.reachable() ? Health.up() : Health.down();
        health.withDetail("failuresInARow", state.failuresInARow());
        if (state.lastProblem() != null) {
            health.withDetail("lastProblem", state.lastProblem());
        }
        if (state.checkedAt() != null) {
            health.withDetail("checkedAt", state.checkedAt().toString());
        }
        if (state.lastSuccessAt() != null) {
            health.withDetail("lastSuccessAt", state.lastSuccessAt().toString());
        }
        return health.build();
    }
}

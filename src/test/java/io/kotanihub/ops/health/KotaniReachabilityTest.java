package io.kotanihub.ops.health;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Status;

/** Kotani counts as unreachable only after the configured failures in a row, and is reachable again after one success. */
class KotaniReachabilityTest {

    private final HealthProperties properties = new HealthProperties();
    private final KotaniReachability reachability = new KotaniReachability(properties);
    private final KotaniHealthIndicator indicator = new KotaniHealthIndicator(reachability);

    @Test
    void unknownBeforeTheFirstProbeThenDownOnlyAfterTheThreshold() {
        assertThat(indicator.health().getStatus()).isEqualTo(Status.UNKNOWN);
        reachability.answered(200);
        assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);

        reachability.answered(503);
        assertThat(indicator.health().getStatus()).as("one failed probe is not enough").isEqualTo(Status.UP);
        reachability.failed("Kotani health check failed: ConnectException");
        assertThat(indicator.health().getStatus()).isEqualTo(Status.DOWN);
        assertThat(indicator.health().getDetails()).containsEntry("failuresInARow", 2)
                .containsEntry("lastProblem", "Kotani health check failed: ConnectException")
                .containsKeys("checkedAt", "lastSuccessAt");

        reachability.answered(200);
        assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
        assertThat(indicator.health().getDetails()).containsEntry("failuresInARow", 0);
    }

    @Test
    void failuresBeforeAnySuccessAreUnknownUntilTheThreshold() {
        reachability.answered(null);
        assertThat(indicator.health().getStatus()).isEqualTo(Status.UNKNOWN);
        reachability.answered(500);
        assertThat(indicator.health().getStatus()).isEqualTo(Status.DOWN);
    }
}

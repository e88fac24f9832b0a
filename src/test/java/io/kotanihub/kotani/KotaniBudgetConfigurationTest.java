package io.kotanihub.kotani;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.mock.env.MockEnvironment;

/** {@code hub.kotani.throttle.instances} is gone: a hub that still sets it refuses to start and says why. */
class KotaniBudgetConfigurationTest {

    @Test
    void theRemovedInstancesSettingStopsTheStartWithAClearMessage() {
        assertThatThrownBy(() -> KotaniBudgetConfiguration.refuseRemovedSettings(
                new MockEnvironment().withProperty("hub.kotani.throttle.instances", "2")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("hub.kotani.throttle.instances is no longer supported")
                .hasMessageContaining("share one Kotani budget");
        MockEnvironment fromVariables = new MockEnvironment();
        fromVariables.getPropertySources().addFirst(new SystemEnvironmentPropertySource("variables",
                Map.of("HUB_KOTANI_THROTTLE_INSTANCES", "3")));
        assertThatThrownBy(() -> KotaniBudgetConfiguration.refuseRemovedSettings(fromVariables))
                .as("also as an environment variable").isInstanceOf(IllegalStateException.class);
        assertThatCode(() -> KotaniBudgetConfiguration.refuseRemovedSettings(
                new MockEnvironment().withProperty("hub.kotani.throttle.max-wait", "1s"))).doesNotThrowAnyException();
    }
}

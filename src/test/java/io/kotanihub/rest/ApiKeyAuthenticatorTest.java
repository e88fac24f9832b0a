package io.kotanihub.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

class ApiKeyAuthenticatorTest {

    private static ApiProperties keys(String... plainKeys) {
        ApiProperties properties = new ApiProperties();
        properties.setKeyHashes(List.of(plainKeys).stream().map(ApiKeyAuthenticator::hashOf).toList());
        return properties;
    }

    @Test
    void theProductionProfileRefusesTheDevelopmentKey() {
        MockEnvironment production = new MockEnvironment();
        production.setActiveProfiles("production");
        assertThatThrownBy(() -> new ApiKeyAuthenticator(keys("hub_dev_key"), production))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("hub_dev_key");
        assertThat(new ApiKeyAuthenticator(keys("a-real-key"), production).accepts("a-real-key")).isTrue();
    }

    @Test
    void onlyConfiguredKeysAreAccepted() {
        ApiKeyAuthenticator authenticator = new ApiKeyAuthenticator(keys("k1", "k2"), new MockEnvironment());
        assertThat(authenticator.accepts("k1")).isTrue();
        assertThat(authenticator.accepts("k2")).isTrue();
        assertThat(authenticator.accepts("k3")).isFalse();
        authenticator.authenticate("Bearer k2");
        assertThatThrownBy(() -> authenticator.authenticate("Bearer k3")).isInstanceOf(ApiProblem.class);
        assertThatThrownBy(() -> authenticator.authenticate(null)).isInstanceOf(ApiProblem.class);
    }
}

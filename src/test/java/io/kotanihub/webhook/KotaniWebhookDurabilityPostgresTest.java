package io.kotanihub.webhook;

import java.util.Map;

import io.kotanihub.support.PostgresServer;
import io.kotanihub.support.PostgresTest;

/** {@link AbstractKotaniWebhookDurabilityTest} on PostgreSQL. */
@PostgresTest
class KotaniWebhookDurabilityPostgresTest extends AbstractKotaniWebhookDurabilityTest {

    @Override
    Map<String, Object> database() {
        return Map.of("spring.profiles.active", "postgres",
                "spring.datasource.url", PostgresServer.createDatabase(),
                "spring.datasource.username", PostgresServer.USER,
                "spring.datasource.password", PostgresServer.PASSWORD);
    }
}

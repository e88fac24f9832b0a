package io.kotanihub.events.endpoints;

import java.nio.file.Path;
import java.util.Map;

import io.kotanihub.support.BrokersTest;
import io.kotanihub.support.PostgresAvailable;
import io.kotanihub.support.PostgresServer;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link BrokersEndToEndTestBase} on a PostgreSQL database of its own; after the restart two hubs share it, as several
 * instances may, and deliver to the same endpoints.
 */
@BrokersTest
@ExtendWith(PostgresAvailable.class)
class BrokersEndToEndPostgresTest extends BrokersEndToEndTestBase {

    private String url;

    @Override
    Map<String, Object> database(Path folder) {
        if (url == null) {
            url = PostgresServer.createDatabase();
        }
        return Map.of("spring.profiles.active", "postgres",
                "spring.datasource.url", url,
                "spring.datasource.username", PostgresServer.USER,
                "spring.datasource.password", PostgresServer.PASSWORD);
    }

    @Override
    int hubsAfterRestart() {
        return 2;
    }
}

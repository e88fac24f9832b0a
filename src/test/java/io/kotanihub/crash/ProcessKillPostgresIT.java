package io.kotanihub.crash;

import java.util.List;
import java.util.Map;

import io.kotanihub.support.PostgresAvailable;
import io.kotanihub.support.PostgresServer;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The process-kill test on profile {@code postgres}, with a fresh database of its own given to the hub as
 * {@code HUB_DB_URL} (skipped where PostgreSQL cannot be reached, but failed under {@code CI=true}).
 */
@ExtendWith(PostgresAvailable.class)
class ProcessKillPostgresIT extends ProcessKillTestBase {

    private String url;

    @Override
    String variant() {
        return "postgres";
    }

    @Override
    List<String> databaseArguments() {
        return List.of("--spring.profiles.active=postgres");
    }

    @Override
    Map<String, String> databaseEnvironment() {
        if (url == null) {
            url = PostgresServer.createDatabase();
        }
        return Map.of("HUB_DB_URL", url, "HUB_DB_USER", PostgresServer.USER, "HUB_DB_PASSWORD", PostgresServer.PASSWORD);
    }
}

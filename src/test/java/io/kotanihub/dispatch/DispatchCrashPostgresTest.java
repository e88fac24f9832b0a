package io.kotanihub.dispatch;

import java.util.Map;

import io.kotanihub.support.PostgresServer;
import io.kotanihub.support.PostgresTest;

@PostgresTest
class DispatchCrashPostgresTest extends DispatchCrashTestBase {

    @Override
    Map<String, Object> database() {
        return Map.of("spring.profiles.active", "postgres",
                "spring.datasource.url", PostgresServer.createDatabase(),
                "spring.datasource.username", PostgresServer.USER,
                "spring.datasource.password", PostgresServer.PASSWORD);
    }
}

package io.kotanihub.invoices;

import java.util.Map;

import io.kotanihub.support.PostgresServer;
import io.kotanihub.support.PostgresTest;

/** {@link InvoiceFlowTestBase} on a fresh PostgreSQL database (profile {@code postgres}). */
@PostgresTest
class InvoiceFlowPostgresTest extends InvoiceFlowTestBase {

    @Override
    Map<String, Object> database() {
        return Map.of("spring.profiles.active", "postgres",
                "spring.datasource.url", PostgresServer.createDatabase(),
                "spring.datasource.username", PostgresServer.USER,
                "spring.datasource.password", PostgresServer.PASSWORD);
    }
}

package io.kotanihub.invoices;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** {@link InvoiceFlowTestBase} on an H2 file database (closed and reopened across the hub restarts). */
class InvoiceFlowH2Test extends InvoiceFlowTestBase {

    @Override
    Map<String, Object> database() {
        try {
            Path dir = Files.createTempDirectory("invoices-h2");
            return Map.of("spring.datasource.url", "jdbc:h2:file:" + dir.resolve("hub")
                    + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0");
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

package io.kotanihub.events.endpoints;

import java.nio.file.Path;
import java.util.Map;

import io.kotanihub.support.BrokersTest;

/** {@link BrokersEndToEndTestBase} on an H2 file database that the restarted hub opens again. */
@BrokersTest
class BrokersEndToEndH2Test extends BrokersEndToEndTestBase {

    @Override
    Map<String, Object> database(Path folder) {
        return Map.of("spring.datasource.url", "jdbc:h2:file:" + folder.resolve("db").resolve("hub").toAbsolutePath()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0");
    }
}

package io.kotanihub.ingest.file;

import java.util.Map;
import java.util.UUID;

class FileDropCrashH2Test extends FileDropCrashTestBase {

    @Override
    Map<String, Object> database() {
        return Map.of("spring.datasource.url", "jdbc:h2:mem:file-drop-crash-" + UUID.randomUUID()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
    }
}

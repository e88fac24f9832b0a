package io.kotanihub.dispatch;

import java.util.Map;
import java.util.UUID;

class DispatchCrashH2Test extends DispatchCrashTestBase {

    @Override
    Map<String, Object> database() {
        return Map.of("spring.datasource.url", "jdbc:h2:mem:crash-" + UUID.randomUUID()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
    }
}

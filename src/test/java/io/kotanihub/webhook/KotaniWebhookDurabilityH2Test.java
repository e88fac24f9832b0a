package io.kotanihub.webhook;

import java.util.Map;
import java.util.UUID;

/** {@link AbstractKotaniWebhookDurabilityTest} on an H2 database that outlives the first hub. */
class KotaniWebhookDurabilityH2Test extends AbstractKotaniWebhookDurabilityTest {

    @Override
    Map<String, Object> database() {
        return Map.of("spring.datasource.url", "jdbc:h2:mem:webhook-durability-" + UUID.randomUUID()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
    }
}

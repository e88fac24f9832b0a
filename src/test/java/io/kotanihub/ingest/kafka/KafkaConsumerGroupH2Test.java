package io.kotanihub.ingest.kafka;

import java.util.Map;
import java.util.UUID;

class KafkaConsumerGroupH2Test extends KafkaConsumerGroupTestBase {

    @Override
    Map<String, Object> database() {
        return Map.of("spring.datasource.url", "jdbc:h2:mem:kafka-group-" + UUID.randomUUID()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
    }
}

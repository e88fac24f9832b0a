package io.kotanihub.webhook;

import org.springframework.test.context.TestPropertySource;

/** {@link AbstractKotaniWebhookInTest} on H2. */
@TestPropertySource(properties = "spring.datasource.url=jdbc:h2:mem:webhook-in;MODE=PostgreSQL;"
        + "DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1")
class KotaniWebhookInH2Test extends AbstractKotaniWebhookInTest {
}

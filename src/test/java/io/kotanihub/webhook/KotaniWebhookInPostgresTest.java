package io.kotanihub.webhook;

import io.kotanihub.support.PostgresTest;

/** {@link AbstractKotaniWebhookInTest} on PostgreSQL. */
@PostgresTest
class KotaniWebhookInPostgresTest extends AbstractKotaniWebhookInTest {
}

package io.kotanihub.webhook;

import io.kotanihub.support.PostgresTest;

/** {@link AbstractKotaniWebhookApplyTest} on PostgreSQL. */
@PostgresTest
class KotaniWebhookApplyPostgresTest extends AbstractKotaniWebhookApplyTest {
}

package io.kotanihub.webhook;

/** {@link AbstractKotaniWebhookApplyTest} on H2. */
class KotaniWebhookApplyH2Test extends AbstractKotaniWebhookApplyTest {
}

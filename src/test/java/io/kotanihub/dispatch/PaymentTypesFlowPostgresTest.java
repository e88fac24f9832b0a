package io.kotanihub.dispatch;

import io.kotanihub.support.PostgresTest;

@PostgresTest
class PaymentTypesFlowPostgresTest extends PaymentTypesFlowTestBase {
}

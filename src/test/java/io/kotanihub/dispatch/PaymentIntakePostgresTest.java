package io.kotanihub.dispatch;

import io.kotanihub.support.PostgresTest;

@PostgresTest
class PaymentIntakePostgresTest extends PaymentIntakeTestBase {
}

package io.kotanihub.dispatch;

import io.kotanihub.support.PostgresTest;

@PostgresTest
class DispatchFlowPostgresTest extends DispatchFlowTestBase {
}

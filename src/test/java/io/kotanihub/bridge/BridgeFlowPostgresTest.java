package io.kotanihub.bridge;

import io.kotanihub.support.PostgresTest;

@PostgresTest
class BridgeFlowPostgresTest extends BridgeFlowTestBase {
}

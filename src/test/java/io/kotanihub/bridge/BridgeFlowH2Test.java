package io.kotanihub.bridge;

class BridgeFlowH2Test extends BridgeFlowTestBase {
}

package io.kotanihub.dispatch;

class DispatchFlowH2Test extends DispatchFlowTestBase {
}

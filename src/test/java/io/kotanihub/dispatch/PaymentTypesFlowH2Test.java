package io.kotanihub.dispatch;

class PaymentTypesFlowH2Test extends PaymentTypesFlowTestBase {
}

package io.kotanihub.dispatch;

class PaymentIntakeH2Test extends PaymentIntakeTestBase {
}

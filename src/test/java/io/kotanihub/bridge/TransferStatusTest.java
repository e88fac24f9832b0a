package io.kotanihub.bridge;

import static io.kotanihub.bridge.TransferStatus.COMPLETED;
import static io.kotanihub.bridge.TransferStatus.DEPOSIT_CONFIRMED;
import static io.kotanihub.bridge.TransferStatus.DEPOSIT_INITIATED;
import static io.kotanihub.bridge.TransferStatus.FAILED;
import static io.kotanihub.bridge.TransferStatus.PAYMENT_CONFIRMED;
import static io.kotanihub.bridge.TransferStatus.PAYMENT_SENT;
import static io.kotanihub.bridge.TransferStatus.REFUNDED;
import static io.kotanihub.bridge.TransferStatus.SETTLEMENT_UNCONFIRMED;
import static io.kotanihub.bridge.TransferStatus.SETTLING;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The hub's bridge status machine (REFERENCE §16.7). */
class TransferStatusTest {

    @Test
    void theHappyPathAndItsBranchesAreAllowed() {
        assertThat(DEPOSIT_INITIATED.canMoveTo(DEPOSIT_CONFIRMED)).isTrue();
        assertThat(DEPOSIT_CONFIRMED.canMoveTo(PAYMENT_SENT)).isTrue();
        assertThat(DEPOSIT_CONFIRMED.canMoveTo(FAILED)).as("invoice expired").isTrue();
        assertThat(PAYMENT_SENT.canMoveTo(PAYMENT_CONFIRMED)).isTrue();
        assertThat(PAYMENT_CONFIRMED.canMoveTo(SETTLING)).isTrue();
        assertThat(PAYMENT_CONFIRMED.canMoveTo(COMPLETED)).isTrue();
        assertThat(SETTLING.canMoveTo(SETTLEMENT_UNCONFIRMED)).isTrue();
        assertThat(SETTLEMENT_UNCONFIRMED.canMoveTo(COMPLETED)).isTrue();
        assertThat(SETTLEMENT_UNCONFIRMED.canMoveTo(SETTLING)).isTrue();
        assertThat(FAILED.canMoveTo(REFUNDED)).isTrue();
    }

    @Test
    void impossibleTransitionsAreRefused() {
        assertThat(COMPLETED.next()).isEmpty();
        assertThat(REFUNDED.next()).isEmpty();
        assertThat(COMPLETED.canMoveTo(FAILED)).isFalse();
        assertThat(FAILED.canMoveTo(COMPLETED)).isFalse();
        assertThat(SETTLING.canMoveTo(PAYMENT_SENT)).isFalse();
        assertThat(DEPOSIT_INITIATED.canMoveTo(REFUNDED)).isFalse();
        assertThat(PAYMENT_CONFIRMED.canMoveTo(REFUNDED)).isFalse();
    }

    @Test
    void aStatusBeyondLostCallbacksImpliesTheHappyPathBeforeIt() {
        assertThat(PAYMENT_CONFIRMED.impliedPredecessors(DEPOSIT_INITIATED)).containsExactly(DEPOSIT_CONFIRMED,
                PAYMENT_SENT);
        assertThat(SETTLING.impliedPredecessors(DEPOSIT_CONFIRMED)).containsExactly(PAYMENT_SENT, PAYMENT_CONFIRMED);
        assertThat(COMPLETED.impliedPredecessors(PAYMENT_SENT)).containsExactly(PAYMENT_CONFIRMED);
        assertThat(PAYMENT_SENT.impliedPredecessors(DEPOSIT_CONFIRMED)).as("direct successor").isEmpty();
        assertThat(FAILED.impliedPredecessors(DEPOSIT_INITIATED)).as("FAILED may come at any stage").isEmpty();
        assertThat(REFUNDED.impliedPredecessors(PAYMENT_CONFIRMED)).as("needs FAILED first: an anomaly").isEmpty();
        assertThat(DEPOSIT_CONFIRMED.impliedPredecessors(SETTLING)).as("backwards").isEmpty();
    }

    @Test
    void everyStatusHasItsCustomerText() {
        for (TransferStatus status : TransferStatus.values()) {
            assertThat(status.customerText()).isNotBlank();
            assertThat(TransferStatus.parse(status.name())).isEqualTo(status);
        }
        assertThat(TransferStatus.parse("PAID")).isNull();
        assertThat(TransferStatus.values()).hasSize(9);
    }
}

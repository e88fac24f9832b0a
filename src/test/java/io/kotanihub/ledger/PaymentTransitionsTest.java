package io.kotanihub.ledger;

import static io.kotanihub.model.PaymentStatus.CANCELLED;
import static io.kotanihub.model.PaymentStatus.EXPIRED;
import static io.kotanihub.model.PaymentStatus.FAILED;
import static io.kotanihub.model.PaymentStatus.PROCESSING;
import static io.kotanihub.model.PaymentStatus.RECEIVED;
import static io.kotanihub.model.PaymentStatus.REVERSED;
import static io.kotanihub.model.PaymentStatus.SUBMITTED;
import static io.kotanihub.model.PaymentStatus.SUBMITTING;
import static io.kotanihub.model.PaymentStatus.SUCCESSFUL;
import static io.kotanihub.model.PaymentStatus.UNKNOWN;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PaymentTransitionsTest {

    @Test
    void onlyAClaimLeavesReceivedForKotani() {
        assertThat(PaymentTransitions.allowed(RECEIVED, SUBMITTING)).isTrue();
        assertThat(PaymentTransitions.allowed(RECEIVED, SUBMITTED)).isFalse();
        assertThat(PaymentTransitions.allowed(RECEIVED, UNKNOWN)).isFalse();
        assertThat(PaymentTransitions.allowed(SUBMITTED, SUBMITTING)).isFalse();
    }

    @Test
    void resendingIsPossibleOnlyFromStatesWhereKotaniMayNotHaveIt() {
        assertThat(PaymentTransitions.allowed(SUBMITTING, RECEIVED)).isTrue();
        assertThat(PaymentTransitions.allowed(UNKNOWN, RECEIVED)).isTrue();
        assertThat(PaymentTransitions.allowed(SUBMITTED, RECEIVED)).isTrue();
        assertThat(PaymentTransitions.allowed(PROCESSING, RECEIVED)).isFalse();
        assertThat(PaymentTransitions.allowed(FAILED, RECEIVED)).isFalse();
    }

    @Test
    void kotaniStatusesMoveForwardOnly() {
        assertThat(PaymentTransitions.allowed(UNKNOWN, PROCESSING)).isTrue();
        assertThat(PaymentTransitions.allowed(SUBMITTED, SUCCESSFUL)).isTrue();
        assertThat(PaymentTransitions.allowed(PROCESSING, FAILED)).isTrue();
        assertThat(PaymentTransitions.allowed(PROCESSING, SUBMITTED)).isFalse();
        assertThat(PaymentTransitions.allowed(SUCCESSFUL, PROCESSING)).isFalse();
        assertThat(PaymentTransitions.allowed(FAILED, SUCCESSFUL)).isFalse();
    }

    @Test
    void lateCorrectionsOfTerminalStatesAreApplied() {
        assertThat(PaymentTransitions.allowed(CANCELLED, SUCCESSFUL)).isTrue();
        assertThat(PaymentTransitions.allowed(EXPIRED, SUCCESSFUL)).isTrue();
        assertThat(PaymentTransitions.allowed(SUCCESSFUL, REVERSED)).isTrue();
        assertThat(PaymentTransitions.allowed(CANCELLED, FAILED)).isFalse();
        assertThat(PaymentTransitions.allowed(SUCCESSFUL, CANCELLED)).isFalse();
        assertThat(PaymentTransitions.correctable(CANCELLED)).isTrue();
        assertThat(PaymentTransitions.correctable(FAILED)).isFalse();
    }
}

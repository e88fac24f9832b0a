package io.kotanihub.kotani;

import static org.assertj.core.api.Assertions.assertThat;

import io.kotanihub.model.PaymentStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every withdrawal status of REFERENCE §20.2 maps to a hub status. */
class WithdrawalStatusesTest {

    @ParameterizedTest
    @CsvSource({
            "NOT_INITIATED, PROCESSING", "PENDING, PROCESSING", "INITIATED, PROCESSING",
            "TRANSACTION_INITIATED, PROCESSING", "IN_PROGRESS, PROCESSING", "RETRY, PROCESSING",
            "TRANSACTION_RETRY, PROCESSING", "DUPLICATE_PENDING, PROCESSING", "ERROR_OCCURRED, PROCESSING",
            "REQUIRE_REVIEW, PROCESSING", "SUCCESSFUL, SUCCESSFUL", "TRANSACTION_RETRY_SUCCESSFUL, SUCCESSFUL",
            "SUCCESS, SUCCESSFUL", "FAILED, FAILED", "TRANSACTION_RETRY_FAILED, FAILED", "DECLINED, FAILED",
            "PERMANENTLY_FAILED, FAILED", "CANCELLED, CANCELLED", "EXPIRED, EXPIRED", "REVERSED, REVERSED",
            "successful, SUCCESSFUL"})
    void mapsEveryListedStatus(String kotani, PaymentStatus hub) {
        assertThat(WithdrawalStatuses.map(kotani)).contains(hub);
    }

    @Test
    void anUnlistedStatusIsNotGuessed() {
        assertThat(WithdrawalStatuses.map("TELEPORTED")).isEmpty();
        assertThat(WithdrawalStatuses.map(null)).isEmpty();
    }
}

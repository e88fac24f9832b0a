package io.kotanihub.kotani;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import io.kotanihub.model.PaymentStatus;
import io.kotanihub.model.PaymentType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Kotani's status records of each payment type read into what the ledger keeps (REFERENCE §9.2, §10.5, §12.2, §13.1, §20). */
class KotaniStatusRecordTest {

    private static JsonNode json(String text) throws Exception {
        return KotaniClient.JSON.readTree(text);
    }

    @Test
    void aWithdrawalRecordIsReadWithItsCamelCaseFields() throws Exception {
        KotaniStatusRecord record = KotaniStatusRecord.read(PaymentType.PAYOUT, json("""
                {"id":"w1","status":"FAILED","transactionCost":20,"transactionAmount":480.50,
                 "errorMessage":"Account not found","transactionError":"ACCOUNT_NOT_FOUND",
                 "completed_at":"2025-01-01T00:00:05.000Z"}"""));
        assertThat(record.status()).isEqualTo(PaymentStatus.FAILED);
        assertThat(record.id()).isEqualTo("w1");
        assertThat(record.fee()).isEqualByComparingTo("20");
        assertThat(record.transactionAmount()).isEqualByComparingTo("480.50");
        assertThat(record.errorCode()).isEqualTo("ACCOUNT_NOT_FOUND");
        assertThat(record.errorMessage()).isEqualTo("Account not found");
        assertThat(record.completedAt()).isEqualTo(Instant.parse("2025-01-01T00:00:05Z"));
    }

    @Test
    void aDepositRecordIsReadWithItsSnakeCaseFields() throws Exception {
        KotaniStatusRecord record = KotaniStatusRecord.read(PaymentType.COLLECTION, json("""
                {"id":"d1","status":"FAILED","transaction_cost":0,"transaction_amount":0,
                 "error_message":"Insufficient funds","error_code":"INSUFFICIENT_FUNDS","transactionError":"",
                 "updatedAt":"2025-01-01T00:00:07.000Z"}"""));
        assertThat(record.status()).isEqualTo(PaymentStatus.FAILED);
        assertThat(record.errorCode()).isEqualTo("INSUFFICIENT_FUNDS");
        assertThat(record.errorMessage()).isEqualTo("Insufficient funds");
        assertThat(record.fee()).isEqualByComparingTo("0");
        assertThat(record.completedAt()).isEqualTo(Instant.parse("2025-01-01T00:00:07Z"));

        KotaniStatusRecord paid = KotaniStatusRecord.read(PaymentType.COLLECTION, json("""
                {"id":"d2","status":"SUCCESSFUL","transaction_cost":25,"transaction_amount":1025,
                 "error_message":"","error_code":""}"""));
        assertThat(paid.status()).isEqualTo(PaymentStatus.SUCCESSFUL);
        assertThat(paid.transactionAmount()).isEqualByComparingTo("1025");
        assertThat(paid.errorCode()).isNull();
        assertThat(paid.errorMessage()).isNull();
    }

    @ParameterizedTest
    @CsvSource({
            "PENDING, PROCESSING", "INITIATED, PROCESSING", "IN_PROGRESS, PROCESSING", "RETRY, PROCESSING",
            "REQUIRE_REVIEW, PROCESSING", "ERROR_OCCURRED, PROCESSING", "DUPLICATE, PROCESSING",
            "SUCCESSFUL, SUCCESSFUL", "SUCCESS, SUCCESSFUL", "FAILED, FAILED", "DECLINED, FAILED",
            "PERMANENTLY_FAILED, FAILED", "EXPIRED, EXPIRED", "CANCELLED, CANCELLED", "REVERSED, REVERSED"})
    void everyDepositStatusOfTheReferenceMaps(String kotani, PaymentStatus hub) {
        assertThat(DepositStatuses.map(kotani)).contains(hub);
    }

    @ParameterizedTest
    @CsvSource({
            "PENDING, PENDING, PROCESSING, PENDING/PENDING",
            "INITIATED, PENDING, PROCESSING, INITIATED/PENDING",
            "SUCCESSFUL, IN_PROGRESS, PROCESSING, SUCCESSFUL/IN_PROGRESS",
            "SUCCESSFUL, FAILED, PROCESSING, SUCCESSFUL/FAILED",
            "SUCCESSFUL, SUCCESSFUL, SUCCESSFUL, SUCCESSFUL/SUCCESSFUL",
            "FAILED, CANCELLED, FAILED, FAILED/CANCELLED",
            "CANCELLED, CANCELLED, CANCELLED, CANCELLED/CANCELLED",
            "EXPIRED, CANCELLED, EXPIRED, EXPIRED/CANCELLED"})
    void anOnrampSucceedsWhenBothLegsDo(String deposit, String onchain, PaymentStatus hub, String kotani)
            throws Exception {
        KotaniStatusRecord record = KotaniStatusRecord.read(PaymentType.ONRAMP, json("""
                {"referenceId":"o1","depositStatus":"%s","onchainStatus":"%s","fiatAmount":1000,"fiatFee":15,
                 "fiatAmountToSend":1015,"cryptoAmount":7.7,"error":null}""".formatted(deposit, onchain)));
        assertThat(record.status()).isEqualTo(hub);
        assertThat(record.kotaniStatus()).isEqualTo(kotani);
        assertThat(record.fee()).isEqualByComparingTo("15");
        assertThat(record.transactionAmount()).isEqualByComparingTo("1015");
    }

    @Test
    void anOnrampErrorIsReadFromItsErrorObject() throws Exception {
        KotaniStatusRecord record = KotaniStatusRecord.read(PaymentType.ONRAMP, json("""
                {"depositStatus":"FAILED","onchainStatus":"CANCELLED","fiatFee":15,"fiatAmountToSend":1015,
                 "error":{"message":"Account not found","code":"ACCOUNT_NOT_FOUND","details":"no crypto was sent"}}"""));
        assertThat(record.errorCode()).isEqualTo("ACCOUNT_NOT_FOUND");
        assertThat(record.errorMessage()).isEqualTo("Account not found");
    }

    @ParameterizedTest
    @CsvSource({
            "PENDING, PENDING, PROCESSING", "CRYPTO_RECEIVED, SUCCESSFUL, PROCESSING",
            "PROCESSING, SUCCESSFUL, PROCESSING", "SUCCESSFUL, SUCCESSFUL, SUCCESSFUL", "SUCCESS, SUCCESSFUL, SUCCESSFUL",
            "FAILED, SUCCESSFUL, REFUND_PENDING", "FAILED, FAILED, FAILED", "FAILED, PENDING, FAILED",
            "REFUND_PENDING, SUCCESSFUL, REFUND_PENDING", "REVERSED, SUCCESSFUL, REVERSED",
            "REFUNDED, SUCCESSFUL, REVERSED", "REFUND_FAILED, SUCCESSFUL, REFUND_FAILED",
            "TIMEOUT, PENDING, EXPIRED", "CANCELLED, CANCELLED, CANCELLED"})
    void offrampStatusesIncludingTheRefundStatesMap(String status, String onchain, PaymentStatus hub) {
        assertThat(RampStatuses.offramp(status, onchain)).contains(hub);
    }

    @Test
    void anOfframpRecordGivesThePaidFiatTheFeeAndTheError() throws Exception {
        KotaniStatusRecord record = KotaniStatusRecord.read(PaymentType.OFFRAMP, json("""
                {"referenceId":"f1","fiatAmount":1618,"fiatTransactionAmount":1594,"cryptoAmount":12.5,
                 "status":"FAILED","onchainStatus":"SUCCESSFUL","updated_at":"2025-01-01T00:01:00.000Z",
                 "onchainError":null,"transactionError":{"code":"INSUFFICIENT_FUNDS","message":"Insufficient funds"}}"""));
        assertThat(record.status()).isEqualTo(PaymentStatus.REFUND_PENDING);
        assertThat(record.kotaniStatus()).isEqualTo("FAILED");
        assertThat(record.transactionAmount()).isEqualByComparingTo("1594");
        assertThat(record.fee()).isEqualByComparingTo("24");
        assertThat(record.errorCode()).isEqualTo("INSUFFICIENT_FUNDS");
        assertThat(record.errorMessage()).isEqualTo("Insufficient funds");
        assertThat(record.completedAt()).isEqualTo(Instant.parse("2025-01-01T00:01:00Z"));
    }

    @Test
    void aStatusOutsideTheReferenceMapsToNothing() throws Exception {
        assertThat(KotaniStatusRecord.read(PaymentType.OFFRAMP, json("{\"status\":\"MOONWALKING\"}")).mapped())
                .isEmpty();
        assertThat(KotaniStatusRecord.read(PaymentType.COLLECTION, json("{\"status\":null}")).mapped()).isEmpty();
    }
}

package io.kotanihub.ledger;

import java.math.BigDecimal;
import java.time.Instant;

import io.kotanihub.model.PaymentMethod;
import io.kotanihub.model.PaymentStatus;
import io.kotanihub.model.PaymentType;

/**
 * One row of the ledger's {@code payments} table. Immutable: a change is written with
 * {@link PaymentRepository#update(Payment, Payment, String)}, which succeeds only if nobody changed the row since it
 * was read ({@code version}).
 */
public record Payment(
        long id,
        String reference,
        PaymentType type,
        PaymentMethod method,
        BigDecimal amount,
        String currency,
        String country,
        PaymentStatus status,
        String kotaniId,
        String kotaniStatus,
        String batchId,
        Integer batchRow,
        String source,
        int attempts,
        BigDecimal fee,
        BigDecimal transactionAmount,
        String lastErrorCode,
        String lastError,
        String commandJson,
        String commandHash,
        Instant nextCheckAt,
        Instant createdAt,
        Instant updatedAt,
        Instant submittedAt,
        Instant completedAt,
        int version) {

    public Payment withStatus(PaymentStatus newStatus) {
        return new Payment(id, reference, type, method, amount, currency, country, newStatus, kotaniId, kotaniStatus,
                batchId, batchRow, source, attempts, fee, transactionAmount, lastErrorCode, lastError, commandJson,
                commandHash, nextCheckAt, createdAt, updatedAt, submittedAt, completedAt, version);
    }

    public Payment withKotani(String newKotaniId, String newKotaniStatus) {
        return new Payment(id, reference, type, method, amount, currency, country, status, newKotaniId,
                newKotaniStatus, batchId, batchRow, source, attempts, fee, transactionAmount, lastErrorCode, lastError,
                commandJson, commandHash, nextCheckAt, createdAt, updatedAt, submittedAt, completedAt, version);
    }

    public Payment withAmounts(BigDecimal newFee, BigDecimal newTransactionAmount) {
        return new Payment(id, reference, type, method, amount, currency, country, status, kotaniId, kotaniStatus,
                batchId, batchRow, source, attempts, newFee, newTransactionAmount, lastErrorCode, lastError,
                commandJson, commandHash, nextCheckAt, createdAt, updatedAt, submittedAt, completedAt, version);
    }

    public Payment withError(String code, String message) {
        return new Payment(id, reference, type, method, amount, currency, country, status, kotaniId, kotaniStatus,
                batchId, batchRow, source, attempts, fee, transactionAmount, code, message, commandJson, commandHash,
                nextCheckAt, createdAt, updatedAt, submittedAt, completedAt, version);
    }

    public Payment withNextCheckAt(Instant at) {
        return new Payment(id, reference, type, method, amount, currency, country, status, kotaniId, kotaniStatus,
                batchId, batchRow, source, attempts, fee, transactionAmount, lastErrorCode, lastError, commandJson,
                commandHash, at, createdAt, updatedAt, submittedAt, completedAt, version);
    }

    public Payment withSubmittedAt(Instant at) {
        return new Payment(id, reference, type, method, amount, currency, country, status, kotaniId, kotaniStatus,
                batchId, batchRow, source, attempts, fee, transactionAmount, lastErrorCode, lastError, commandJson,
                commandHash, nextCheckAt, createdAt, updatedAt, at, completedAt, version);
    }

    public Payment withCompletedAt(Instant at) {
        return new Payment(id, reference, type, method, amount, currency, country, status, kotaniId, kotaniStatus,
                batchId, batchRow, source, attempts, fee, transactionAmount, lastErrorCode, lastError, commandJson,
                commandHash, nextCheckAt, createdAt, updatedAt, submittedAt, at, version);
    }
}

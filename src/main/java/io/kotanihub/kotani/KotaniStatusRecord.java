package io.kotanihub.kotani;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import io.kotanihub.model.PaymentStatus;
import io.kotanihub.model.PaymentType;

/**
 * What the ledger keeps of one of Kotani's status records, read with the field names and status enum of the
 * payment's type: a withdrawal (REFERENCE §10.5, camelCase beside {@code completed_at}), a deposit (§9.2,
 * snake_case), an onramp (§12.2: two legs) or an offramp (§13.1 object). The same reading serves the status
 * endpoints' {@code data} and the {@code data} of the matching status webhooks (§19.4), which carry the same members.
 *
 * @param kotaniStatus      Kotani's status as the ledger records it (an onramp's as {@code depositStatus/onchainStatus})
 * @param status            the hub status it maps to; null when Kotani's status is not in the reference
 * @param fee               the fee ({@code transactionCost}, {@code transaction_cost}, {@code fiatFee}; for an
 *                          offramp {@code fiatAmount - fiatTransactionAmount}, in the fiat currency)
 * @param transactionAmount the fee-adjusted amount ({@code transactionAmount}: paid to the recipient;
 *                          {@code transaction_amount} and {@code fiatAmountToSend}: what the customer pays;
 *                          {@code fiatTransactionAmount}: the fiat paid to an offramp's recipient)
 * @param completedAt       when Kotani says it ended, if it says so
 */
public record KotaniStatusRecord(String kotaniStatus, PaymentStatus status, String id, BigDecimal fee,
                                 BigDecimal transactionAmount, String errorCode, String errorMessage,
                                 Instant completedAt) {

    public Optional<PaymentStatus> mapped() {
        return Optional.ofNullable(status);
    }

    /** Reads a status record of a payment of {@code type}. */
    public static KotaniStatusRecord read(PaymentType type, JsonNode data) {
        return switch (type) {
            case PAYOUT -> {
                String status = text(data, "status");
                yield new KotaniStatusRecord(status, WithdrawalStatuses.map(status).orElse(null), text(data, "id"),
                        decimal(data, "transactionCost"), decimal(data, "transactionAmount"),
                        text(data, "transactionError"), firstText(data, "errorMessage", "transactionError"),
                        time(data, "completed_at"));
            }
            case COLLECTION -> {
                String status = text(data, "status");
                yield new KotaniStatusRecord(status, DepositStatuses.map(status).orElse(null), text(data, "id"),
                        decimal(data, "transaction_cost"), decimal(data, "transaction_amount"),
                        firstText(data, "error_code", "transactionError"),
                        firstText(data, "error_message", "error_description", "transactionError"),
                        Optional.ofNullable(time(data, "completed_at")).orElse(time(data, "updatedAt")));
            }
            case ONRAMP -> {
                String deposit = firstText(data, "depositStatus", "status");
                String onchain = text(data, "onchainStatus");
                JsonNode error = data.path("error");
                yield new KotaniStatusRecord(onchain == null ? deposit : deposit + "/" + onchain,
                        RampStatuses.onramp(deposit, onchain).orElse(null), text(data, "id"),
                        decimal(data, "fiatFee"), decimal(data, "fiatAmountToSend"),
                        text(error, "code"), text(error, "message"), null);
            }
            case OFFRAMP -> {
                String status = text(data, "status");
                BigDecimal fiat = decimal(data, "fiatAmount");
                BigDecimal paid = decimal(data, "fiatTransactionAmount");
                JsonNode error = data.path("transactionError");
                String errorCode = error.isObject() ? text(error, "code") : text(data, "transactionError");
                String errorMessage = error.isObject() ? text(error, "message") : errorCode;
                yield new KotaniStatusRecord(status,
                        RampStatuses.offramp(status, text(data, "onchainStatus")).orElse(null), text(data, "id"),
                        fiat == null || paid == null ? null : fiat.subtract(paid), paid, errorCode, errorMessage,
                        time(data, "updated_at"));
            }
        };
    }

    private static String text(JsonNode data, String field) {
        JsonNode value = data == null ? null : data.get(field);
        return value == null || value.isNull() || value.isContainerNode() || value.asText().isBlank()
                ? null : value.asText();
    }

    private static String firstText(JsonNode data, String... fields) {
        for (String field : fields) {
            String value = text(data, field);
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    private static BigDecimal decimal(JsonNode data, String field) {
        JsonNode value = data.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        try {
            return value.isNumber() ? value.decimalValue() : new BigDecimal(value.asText().trim());
        } catch (NumberFormatException notANumber) {
            return null;
        }
    }

    private static Instant time(JsonNode data, String field) {
        String value = text(data, field);
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException notATime) {
            return null;
        }
    }
}

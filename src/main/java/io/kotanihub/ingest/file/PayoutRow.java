package io.kotanihub.ingest.file;

import java.math.BigDecimal;
import java.util.List;

import io.kotanihub.model.PaymentCommand;
import io.kotanihub.model.Violation;

/**
 * One data row of a payout CSV: its row number (the header is row 1, so the first payment is row 2, as a
 * spreadsheet shows it), the raw reference, amount and currency as written, the normalised command and every
 * problem found in it ({@link Violation#field()} is the CSV column name, or {@code row} for the row as a whole).
 */
public record PayoutRow(int row, String reference, BigDecimal amount, String currency, PaymentCommand command,
                        List<Violation> violations) {

    public boolean valid() {
        return violations.isEmpty();
    }
}

package io.kotanihub.invoices;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

/** The shipped {@code examples/receivables.csv} maps row by row to valid invoice commands of each pricing and usage. */
class ReceivablesCsvExampleTest {

    @Test
    void everyRowOfTheExampleIsAValidInvoice() throws Exception {
        List<InvoiceRequest> invoices = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(Path.of("examples/receivables.csv"));
             CSVParser parser = CSVParser.parse(reader, CSVFormat.RFC4180)) {
            Map<String, Integer> header = null;
            for (CSVRecord record : parser) {
                if (header == null) {
                    header = new HashMap<>();
                    for (int i = 0; i < record.size(); i++) {
                        header.put(record.get(i).toLowerCase(Locale.ROOT), i);
                    }
                    assertThat(header.keySet()).containsExactlyInAnyOrderElementsOf(ReceivablesCsv.COLUMNS);
                    continue;
                }
                invoices.add(InvoiceRequest.of(ReceivablesCsv.command(header, record)));
            }
        }
        assertThat(invoices).extracting(InvoiceRequest::pricing).contains("FIXED", "VARIABLE", "CUSTOMER_CHOICE");
        assertThat(invoices).extracting(InvoiceRequest::usage).contains("SINGLE_USE", "MULTIPLE_USE", "UNLIMITED");
        assertThat(invoices.get(1).amountDue()).isEqualByComparingTo("1500");
        assertThat(invoices.get(0).customerPhone()).isEqualTo("+254700000001");
    }
}

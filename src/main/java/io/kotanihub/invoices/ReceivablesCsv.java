package io.kotanihub.invoices;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.springframework.stereotype.Component;

/**
 * The receivables CSV of the file drop (route {@code receivables-file}), told apart from payout files by its folder
 * ({@code hub.invoices.inbox}, default {@code data/receivables}): UTF-8 (a byte-order mark is accepted), RFC 4180, a
 * header row; columns by name, any order and case: {@code reference, amount, currency} (required),
 * {@code customer_name, customer_email, customer_phone, pricing, usage, max_uses, min_amount, max_amount, expires_at,
 * methods} (separated by {@code |}), {@code description}. Each row becomes an invoice command through the same intake
 * as the API; the work engine then creates its link. The answer is the report written beside the results:
 * {@code row, reference, outcome (ACCEPTED, EXISTING, CONFLICT, INVALID), error}.
 */
@Component
public class ReceivablesCsv {

    static final List<String> COLUMNS = List.of("reference", "amount", "currency", "customer_name", "customer_email",
            "customer_phone", "pricing", "usage", "max_uses", "min_amount", "max_amount", "expires_at", "methods",
            "description");
    private static final CSVFormat READ = CSVFormat.RFC4180.builder().setIgnoreEmptyLines(true).get();
    private static final CSVFormat WRITE = CSVFormat.RFC4180.builder()
            .setHeader("row", "reference", "outcome", "error").get();

    private final InvoiceLedger ledger;
    private final CardVault cards;

    public ReceivablesCsv(InvoiceLedger ledger, CardVault cards) {
        this.ledger = ledger;
        this.cards = cards;
    }

    /** Takes in every row of one file; returns the report CSV. */
    public String accept(byte[] file) {
        String text = new String(file, StandardCharsets.UTF_8);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        StringWriter report = new StringWriter();
        try (CSVParser parser = CSVParser.parse(new StringReader(text), READ);
             CSVPrinter out = new CSVPrinter(report, WRITE)) {
            Map<String, Integer> header = null;
            int row = 0;
            for (CSVRecord record : parser) {
                if (header == null) {
                    header = new HashMap<>();
                    for (int i = 0; i < record.size(); i++) {
                        header.put(record.get(i).strip().toLowerCase(Locale.ROOT), i);
                    }
                    Map<String, Integer> columns = header;
                    List<String> missing = List.of("reference", "amount", "currency").stream()
                            .filter(c -> !columns.containsKey(c)).toList();
                    if (!missing.isEmpty()) {
                        out.printRecord(0, "", "INVALID", "missing column(s): " + String.join(", ", missing));
                        break;
                    }
                    continue;
                }
                row++;
                ObjectNode command = command(header, record);
                String reference = command.path("reference").asText("");
                try {
                    InvoiceRequest request = InvoiceRequest.of(command);
                    Optional<LinkWork> accepted = InvoiceIntake.accept(ledger, cards, request, "FILE", Duration.ZERO);
                    out.printRecord(row, safe(reference), accepted.isEmpty() ? "CONFLICT"
                            : accepted.get().isNewInvoice() ? "ACCEPTED" : "EXISTING",
                            accepted.isEmpty() ? "reference already used with different content" : "");
                } catch (InvoiceRequest.InvalidInvoiceException e) {
                    out.printRecord(row, safe(reference), "INVALID", e.violations().stream()
                            .map(v -> v.field() + " " + v.message()).reduce((a, b) -> a + "; " + b)
                            .orElse(e.getMessage()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return report.toString();
    }

    /** One data row as an invoice command (the API's JSON shape). */
    static ObjectNode command(Map<String, Integer> header, CSVRecord record) {
        ObjectNode command = InvoiceRequest.JSON.createObjectNode();
        put(command, "reference", cell(header, record, "reference"));
        put(command, "amount", cell(header, record, "amount"));
        put(command, "currency", cell(header, record, "currency"));
        ObjectNode customer = InvoiceRequest.JSON.createObjectNode();
        put(customer, "name", cell(header, record, "customer_name"));
        put(customer, "email", cell(header, record, "customer_email"));
        put(customer, "phone", cell(header, record, "customer_phone"));
        if (!customer.isEmpty()) {
            command.set("customer", customer);
        }
        put(command, "pricing", upper(cell(header, record, "pricing")));
        put(command, "usage", upper(cell(header, record, "usage")));
        String maxUses = cell(header, record, "max_uses");
        if (maxUses != null) {
            if (maxUses.matches("\\d{1,9}")) {
                command.put("maxUses", Integer.parseInt(maxUses));
            } else {
                command.put("maxUses", maxUses);
            }
        }
        put(command, "minAmount", cell(header, record, "min_amount"));
        put(command, "maxAmount", cell(header, record, "max_amount"));
        put(command, "expiresAt", cell(header, record, "expires_at"));
        String methods = cell(header, record, "methods");
        if (methods != null) {
            ArrayNode list = command.putArray("methods");
            for (String method : methods.split("\\|")) {
                if (!method.isBlank()) {
                    list.add(method.strip().toUpperCase(Locale.ROOT));
                }
            }
        }
        put(command, "description", cell(header, record, "description"));
        return command;
    }

    private static String cell(Map<String, Integer> header, CSVRecord record, String column) {
        Integer i = header.get(column);
        if (i == null || i >= record.size()) {
            return null;
        }
        String value = record.get(i).strip();
        return value.isEmpty() ? null : value;
    }

    private static void put(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    private static String upper(String value) {
        return value == null ? null : value.toUpperCase(Locale.ROOT);
    }

    /** A cell that a spreadsheet would run as a formula is neutralised. */
    private static String safe(String value) {
        return !value.isEmpty() && "=+-@".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
    }
}

package io.kotanihub.sandbox.bulk;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kotanihub.sandbox.payments.Countries;
import io.kotanihub.sandbox.ramps.RampRules;
import io.kotanihub.sandbox.ramps.RateTable;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads and checks a bulk-payment CSV (§15.2): UTF-8 (a byte-order mark is accepted), RFC 4180 quoting, LF or CRLF,
 * a header row naming the columns in any order, case-insensitively. Required columns: {@code recipient_name,
 * recipient_email, recipient_phone, amount, currency, reference, network} ({@code network} because the current
 * recipient DTO requires it, §15.2); optional {@code description, metadata} (a JSON object).
 *
 * <p>Rows are numbered as a spreadsheet shows them: the header is row 1, the first recipient row 2. Every problem is
 * reported ({@code "Row 5: Missing recipient name"}), duplicate references once
 * ({@code "Duplicate references found: INV-001, INV-002"}). Warnings do not make a file invalid: a phone number
 * without a leading {@code +}, or whose country does not use the row's currency.
 */
final class BulkCsv {

    static final List<String> REQUIRED = List.of("recipient_name", "recipient_email", "recipient_phone", "amount",
            "currency", "reference", "network");
    static final List<String> OPTIONAL = List.of("description", "metadata");

    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final Pattern AMOUNT = Pattern.compile("\\d+(\\.\\d+)?");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One well-formed row. */
    record Row(int row, String recipientName, String recipientEmail, String recipientPhone, BigDecimal amount,
               String currency, String reference, String network, String description) { }

    /** The outcome of reading a file: valid rows, per-currency totals (of valid rows), errors and warnings. */
    record Result(int totalRecords, List<Row> rows, Map<String, Totals> breakdown, String fileHash,
                  List<String> errors, List<String> warnings) {
        boolean valid() {
            return errors.isEmpty();
        }
    }

    /** Count and total amount of one currency. */
    record Totals(int count, BigDecimal totalAmount) { }

    private BulkCsv() { }

    static String md5(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Reads {@code content}; {@code usedReference} tells which references were already used by earlier payments
     * (they are reported, since they would not be paid again).
     */
    static Result read(byte[] content, Predicate<String> usedReference) {
        String hash = md5(content);
        List<String> errors = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(content)).toString();
        } catch (CharacterCodingException e) {
            errors.add("The file is not valid UTF-8 text");
            return new Result(0, List.of(), Map.of(), hash, errors, warnings);
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        CSVFormat format = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true)
                .setIgnoreHeaderCase(true).setIgnoreEmptyLines(true).setTrim(true).setAllowMissingColumnNames(true)
                .get();
        List<CSVRecord> records;
        Map<String, Integer> header;
        try (CSVParser parser = CSVParser.parse(new StringReader(text), format)) {
            header = parser.getHeaderMap();
            records = parser.getRecords();
        } catch (IOException | UncheckedIOException | IllegalArgumentException | IllegalStateException e) {
            errors.add("The file is not a valid CSV: " + e.getMessage());
            return new Result(0, List.of(), Map.of(), hash, errors, warnings);
        }
        Set<String> columns = new LinkedHashSet<>();
        header.keySet().forEach(name -> columns.add(name.trim().toLowerCase(Locale.ROOT)));
        for (String column : REQUIRED) {
            if (!columns.contains(column)) {
                errors.add("Missing required column: " + column);
            }
        }
        for (String column : columns) {
            if (!column.isEmpty() && !REQUIRED.contains(column) && !OPTIONAL.contains(column)) {
                warnings.add("Unknown column ignored: " + column);
            }
        }
        if (records.isEmpty()) {
            errors.add("The file contains no recipients");
        }
        boolean columnsComplete = columns.containsAll(REQUIRED);
        List<Row> rows = new ArrayList<>();
        Map<String, List<Integer>> byReference = new LinkedHashMap<>();
        for (int i = 0; i < records.size(); i++) {
            CSVRecord record = records.get(i);
            int rowNumber = i + 2;
            if (!record.isConsistent()) {
                errors.add("Row " + rowNumber + ": Expected " + header.size() + " columns but found " + record.size());
                continue;
            }
            if (!columnsComplete) {
                continue;
            }
            Row row = row(rowNumber, record, errors, warnings);
            String reference = value(record, "reference");
            if (reference != null) {
                byReference.computeIfAbsent(reference, r -> new ArrayList<>()).add(rowNumber);
                if (usedReference.test(reference)) {
                    errors.add("Row " + rowNumber + ": Reference '" + reference + "' has already been used");
                    row = null;
                }
            }
            if (row != null) {
                rows.add(row);
            }
        }
        List<String> duplicates = byReference.entrySet().stream().filter(e -> e.getValue().size() > 1)
                .map(Map.Entry::getKey).toList();
        if (!duplicates.isEmpty()) {
            errors.add("Duplicate references found: " + String.join(", ", duplicates));
        }
        Map<String, Totals> breakdown = new LinkedHashMap<>();
        for (Row row : rows) {
            breakdown.merge(row.currency(), new Totals(1, row.amount()),
                    (a, b) -> new Totals(a.count() + b.count(), a.totalAmount().add(b.totalAmount())));
        }
        return new Result(records.size(), rows, breakdown, hash, errors, warnings);
    }

    /** Checks one record; returns the row when it has no error (problems are added to the lists). */
    private static Row row(int n, CSVRecord record, List<String> errors, List<String> warnings) {
        int before = errors.size();
        String prefix = "Row " + n + ": ";
        String name = value(record, "recipient_name");
        String email = value(record, "recipient_email");
        String phone = value(record, "recipient_phone");
        String amountText = value(record, "amount");
        String currency = value(record, "currency");
        String reference = value(record, "reference");
        String network = value(record, "network");
        if (name == null) {
            errors.add(prefix + "Missing recipient name");
        }
        if (email == null) {
            errors.add(prefix + "Missing recipient email");
        } else if (!EMAIL.matcher(email).matches()) {
            errors.add(prefix + "Invalid email address '" + email + "'");
        }
        if (phone == null) {
            errors.add(prefix + "Missing recipient phone");
        } else if (!Countries.isInternationalNumber(phone)) {
            errors.add(prefix + "Invalid phone number '" + phone + "'");
        } else if (!phone.startsWith("+")) {
            warnings.add(prefix + "Phone format may be invalid (expected +<country code><number>)");
        }
        String code = currency == null ? null : currency.toUpperCase(Locale.ROOT);
        if (currency == null) {
            errors.add(prefix + "Missing currency");
        } else if (Countries.byCurrency(code).isEmpty()) {
            errors.add(prefix + "Invalid currency code '" + currency + "'");
            code = null;
        }
        BigDecimal amount = null;
        if (amountText == null) {
            errors.add(prefix + "Missing amount");
        } else if (!AMOUNT.matcher(amountText).matches() || new BigDecimal(amountText).signum() <= 0) {
            errors.add(prefix + "Invalid amount '" + amountText + "' (must be a positive number)");
        } else {
            amount = new BigDecimal(amountText);
            if (code != null && amount.stripTrailingZeros().scale() > BulkRequests.MINOR_UNITS) {
                errors.add(prefix + "Amount " + amountText + " has more than " + BulkRequests.MINOR_UNITS
                        + " decimal places for " + code);
            }
        }
        if (reference == null) {
            errors.add(prefix + "Missing reference");
        }
        String networkCode = network == null ? null : network.toUpperCase(Locale.ROOT);
        if (network == null) {
            errors.add(prefix + "Missing network");
        } else if (!RampRules.NETWORKS.contains(networkCode)) {
            errors.add(prefix + "Invalid network '" + network + "'");
        }
        String metadata = value(record, "metadata");
        if (metadata != null && !isJsonObject(metadata)) {
            errors.add(prefix + "Invalid metadata (must be a JSON object)");
        }
        if (phone != null && code != null && Countries.isInternationalNumber(phone)) {
            String phoneCurrency = Countries.ofPhone(phone).map(Countries.Country::currency).orElse(null);
            if (phoneCurrency != null && !phoneCurrency.equals(code)) {
                warnings.add(prefix + "Phone number country uses " + phoneCurrency + ", not " + code);
            }
        }
        if (errors.size() > before) {
            return null;
        }
        return new Row(n, name, email, phone, RateTable.plain(amount), code, reference, networkCode,
                value(record, "description"));
    }

    private static String value(CSVRecord record, String column) {
        if (!record.isMapped(column) || !record.isSet(column)) {
            return null;
        }
        String value = record.get(column);
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static boolean isJsonObject(String text) {
        try {
            JsonNode node = JSON.readTree(text);
            return node != null && node.isObject();
        } catch (IOException e) {
            return false;
        }
    }
}

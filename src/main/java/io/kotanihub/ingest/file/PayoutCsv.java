package io.kotanihub.ingest.file;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.regex.Pattern;

import io.kotanihub.common.logging.LogText;
import io.kotanihub.model.CommandValidator;
import io.kotanihub.model.PaymentCommand;
import io.kotanihub.model.PaymentMethod;
import io.kotanihub.model.PaymentType;
import io.kotanihub.model.Recipient;
import io.kotanihub.model.Violation;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads a payout CSV (DESIGN.md "File drop", contract) one row at a time: UTF-8 with an optional byte-order mark,
 * RFC 4180 quoting, LF or CRLF, a header row naming the columns in any order and any case. Each row is mapped to a
 * canonical {@link PaymentCommand}, normalised and validated; nothing but the current row is held in memory.
 * Anything that makes the file unreadable (invalid UTF-8, a quote that is never closed, a character after a closing
 * quote) surfaces, from {@link #open} or while rows are read, as an {@link UnreadableCsvException} naming the row
 * where reading stopped and the problem in words (its cause is the parser's or the decoder's exception, e.g. a
 * {@link CharacterCodingException}).
 */
public final class PayoutCsv implements Closeable {

    /** The columns a payout CSV may have (contract). */
    public static final List<String> COLUMNS = List.of("reference", "amount", "currency", "method", "phone",
            "network", "name", "country", "bank_code", "account_number", "paybill_number", "account_reference",
            "till_number", "narration");

    /** Columns every file must have. */
    public static final List<String> REQUIRED_COLUMNS = List.of("reference", "amount", "currency");

    /** Field of the canonical command → the CSV column that carries it (for reports). */
    private static final Map<String, String> COLUMN_OF_FIELD = Map.of(
            "recipient.phone", "phone", "recipient.network", "network", "recipient.name", "name",
            "recipient.bankCode", "bank_code", "recipient.accountNumber", "account_number",
            "recipient.paybillNumber", "paybill_number", "recipient.accountReference", "account_reference",
            "recipient.tillNumber", "till_number");

    private static final Set<String> RECIPIENT_COLUMNS = Set.of("phone", "network", "name", "bank_code",
            "account_number", "paybill_number", "account_reference", "till_number");

    /** A plain decimal: digits, optionally a point and more digits (no sign, exponent or thousands separator). */
    private static final Pattern DECIMAL = Pattern.compile("[0-9]+(\\.[0-9]+)?");

    /** The decoder reads ahead, so the row is where reading stood: the bad byte is in it or a little further. */
    private static final String NOT_UTF8 = "is not valid UTF-8 text (at this row or a little further on; the file "
            + "must be saved as UTF-8)";

    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setIgnoreEmptyLines(true).get();

    private final CountingInputStream bytes;
    private final CSVParser parser;
    private final Iterator<CSVRecord> records;
    private final Map<String, Integer> columns;
    private final int headerSize;
    private final List<Violation> headerProblems;

    /**
     * The file cannot be read from {@link #row()} on: its bytes are not UTF-8, or its quoting breaks RFC 4180.
     * Whatever was read before is of no use: the file as a whole is unreadable.
     */
    public static final class UnreadableCsvException extends UncheckedIOException {
        private final int row;

        UnreadableCsvException(int row, String problem, IOException cause) {
            super(problem, cause);
            this.row = row;
        }

        /** The row (the header is row 1) where reading stopped: the row with the bad byte or the unclosed quote. */
        public int row() {
            return row;
        }
    }

    private PayoutCsv(CountingInputStream bytes, CSVParser parser) {
        this.bytes = bytes;
        this.parser = parser;
        Iterator<CSVRecord> parsed = parser.iterator();
        this.records = new Iterator<>() {
            @Override
            public boolean hasNext() {
                try {
                    return parsed.hasNext();
                } catch (UncheckedIOException e) {
                    throw unreadable(e.getCause());
                }
            }

            @Override
            public CSVRecord next() {
                try {
                    return parsed.next();
                } catch (UncheckedIOException e) {
                    throw unreadable(e.getCause());
                }
            }
        };
        Map<String, Integer> found = new HashMap<>();
        List<Violation> problems = new ArrayList<>();
        int size = 0;
        if (!records.hasNext()) {
            problems.add(new Violation("header", "the file is empty: a header row is required ("
                    + String.join(", ", COLUMNS) + ")"));
        } else {
            CSVRecord header = records.next();
            size = header.size();
            for (int i = 0; i < header.size(); i++) {
                String name = columnName(header.get(i));
                if (found.putIfAbsent(name, i) != null) {
                    problems.add(new Violation(name, "the column appears more than once in the header"));
                }
            }
            for (String required : REQUIRED_COLUMNS) {
                if (!found.containsKey(required)) {
                    problems.add(new Violation(required, "the header has no '" + required + "' column"));
                }
            }
        }
        this.columns = Collections.unmodifiableMap(found);
        this.headerSize = size;
        this.headerProblems = List.copyOf(problems);
    }

    /** Opens a file and reads its header row. */
    public static PayoutCsv open(Path file) throws IOException {
        return open(Files.newInputStream(file));
    }

    /** Reads a payout CSV from a stream (closed with this reader) and reads its header row. */
    public static PayoutCsv open(InputStream in) throws IOException {
        CountingInputStream counting = new CountingInputStream(in);
        BufferedReader reader = new BufferedReader(new InputStreamReader(counting, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)), 65536);
        try {
            reader.mark(1);
            if (reader.read() != '\uFEFF') {
                reader.reset();
            }
            CSVParser parser = CSVParser.builder().setReader(reader).setFormat(FORMAT).get();
            try {
                return new PayoutCsv(counting, parser);
            } catch (UnreadableCsvException e) {
                parser.close();
                throw e;
            }
        } catch (CharacterCodingException e) {
            reader.close();
            throw new UnreadableCsvException(1, NOT_UTF8, e);
        } catch (RuntimeException | IOException e) {
            reader.close();
            throw e;
        }
    }

    private UnreadableCsvException unreadable(IOException cause) {
        int row = Math.toIntExact(parser.getRecordNumber()) + 1;
        if (cause instanceof CharacterCodingException) {
            return new UnreadableCsvException(row, NOT_UTF8, cause);
        }
        String detail = cause == null || cause.getMessage() == null ? "" : cause.getMessage();
        String problem;
        if (detail.contains("EOF reached before encapsulated token finished")) {
            problem = "a quoted cell that starts in this row is never closed (unbalanced quote)";
        } else if (detail.contains("Invalid character between encapsulated token and delimiter")) {
            problem = "a character follows the closing quote of a quoted cell";
        } else {
            problem = "cannot be read as CSV";
        }
        return new UnreadableCsvException(row, problem + ": the file cannot be read from here on; a quote inside a "
                + "quoted cell is written twice (\"\"), RFC 4180 [" + LogText.value(detail) + "]", cause);
    }

    /** Problems of the header row (missing required or repeated columns); rows are not read when there are any. */
    public List<Violation> headerProblems() {
        return headerProblems;
    }

    /** Header columns that are not payout columns (ignored). */
    public List<String> unknownColumns() {
        return columns.keySet().stream().filter(c -> !COLUMNS.contains(c)).sorted().toList();
    }

    /** Bytes of the file read so far (for progress estimates). */
    public long bytesRead() {
        return bytes.count;
    }

    /** The data rows, read lazily; empty when the header has problems. */
    public Iterator<PayoutRow> rows() {
        if (!headerProblems.isEmpty()) {
            return Collections.emptyIterator();
        }
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return records.hasNext();
            }

            @Override
            public PayoutRow next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return map(records.next());
            }
        };
    }

    private PayoutRow map(CSVRecord record) {
        int row = Math.toIntExact(record.getRecordNumber());
        List<Violation> problems = new ArrayList<>();
        if (record.size() != headerSize) {
            problems.add(new Violation("row", "has " + record.size() + " cells but the header has " + headerSize));
        }
        String reference = cell(record, "reference");
        String amountText = cell(record, "amount");
        BigDecimal amount = null;
        if (amountText != null) {
            if (DECIMAL.matcher(amountText).matches()) {
                amount = new BigDecimal(amountText);
            } else {
                problems.add(new Violation("amount", "'" + amountText
                        + "' is not a plain decimal number like 1500.50 (no sign, exponent or thousands separator)"));
            }
        }
        String methodText = cell(record, "method");
        PaymentMethod method = PaymentMethod.MOBILE_MONEY;
        boolean methodKnown = true;
        if (methodText != null) {
            try {
                method = PaymentMethod.valueOf(methodText.toUpperCase(Locale.ROOT).replace('-', '_').replace(' ', '_'));
            } catch (IllegalArgumentException unknown) {
                methodKnown = false;
                problems.add(new Violation("method", "'" + methodText + "' is not one of mobile_money, bank, "
                        + "paybill, till"));
            }
        }
        PaymentCommand command = CommandValidator.normalise(new PaymentCommand(reference, PaymentType.PAYOUT, method,
                amount, cell(record, "currency"), cell(record, "country"),
                new Recipient(cell(record, "name"), cell(record, "phone"), cell(record, "network"),
                        cell(record, "bank_code"), cell(record, "account_number"), cell(record, "paybill_number"),
                        cell(record, "account_reference"), cell(record, "till_number")),
                cell(record, "narration"), null, null));
        for (Violation v : CommandValidator.validate(command)) {
            String column = COLUMN_OF_FIELD.getOrDefault(v.field(), v.field());
            boolean amountAlreadyReported = "amount".equals(column) && amountText != null && amount == null;
            boolean dependsOnMethod = !methodKnown && RECIPIENT_COLUMNS.contains(column);
            if (!amountAlreadyReported && !dependsOnMethod) {
                problems.add(new Violation(column, v.message()));
            }
        }
        return new PayoutRow(row, reference, amount, command.currency(), command, List.copyOf(problems));
    }

    private String cell(CSVRecord record, String column) {
        Integer index = columns.get(column);
        if (index == null || index >= record.size()) {
            return null;
        }
        String value = record.get(index).strip();
        return value.isEmpty() ? null : value;
    }

    /** A header cell as a column name: trimmed, lower case, spaces and hyphens as underscores. */
    static String columnName(String header) {
        return header.strip().toLowerCase(Locale.ROOT).replace(' ', '_').replace('-', '_');
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }

    private static final class CountingInputStream extends FilterInputStream {
        private long count;

        CountingInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}

package io.kotanihub.common.csv;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.dataformat.csv.CsvDataFormat;
import org.apache.camel.support.DefaultExchange;
import org.apache.camel.support.service.ServiceHelper;
import org.springframework.stereotype.Component;

/**
 * CSV written through camel-csv's data format (RFC 4180: comma, double quotes where a cell needs them, CRLF, UTF-8),
 * a page of records at a time into one stream, so that an export of any length never sits in memory whole.
 */
@Component
public class CsvWriters {

    /** Records kept before they are written out. */
    static final int PAGE = 500;

    private final CamelContext camel;
    private final CsvDataFormat rfc4180;

    public CsvWriters(CamelContext camel) {
        this.camel = camel;
        this.rfc4180 = new CsvDataFormat();
        rfc4180.setFormat("RFC4180");
        ServiceHelper.startService(rfc4180);
    }

    /**
     * A cell that a spreadsheet would read as a formula ({@code = + - @}, or a leading tab or carriage return) gets a
     * leading apostrophe, so that it is shown as text (OWASP "CSV injection").
     */
    public static String neutralise(String cell) {
        if (cell.isEmpty()) {
            return cell;
        }
        return switch (cell.charAt(0)) {
            case '=', '+', '-', '@', '\t', '\r' -> "'" + cell;
            default -> cell;
        };
    }

    /** A writer of records into {@code out}; closing it writes what is left and flushes, and leaves {@code out} open. */
    public CsvOutput open(OutputStream out) {
        return new CsvOutput(out);
    }

    /** Records on their way into one stream. Not thread-safe: one request's writer. */
    public final class CsvOutput implements AutoCloseable {

        private final OutputStream out;
        private final List<List<Object>> pending = new ArrayList<>(PAGE);

        private CsvOutput(OutputStream out) {
            // camel-csv closes the stream it marshalled into; the response (or file) stays open for the next page
            this.out = new FilterOutputStream(out) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    this.out.write(b, off, len);
                }

                @Override
                public void close() throws IOException {
                    flush();
                }
            };
        }

        /** One record, its cells written as given ({@code null} as an empty cell). */
        public CsvOutput record(Object... cells) {
            pending.add(Arrays.asList(cells));
            if (pending.size() >= PAGE) {
                flush();
            }
            return this;
        }

        /**
         * One record of text cells for a person's spreadsheet: {@code null} as an empty cell, and every cell that a
         * spreadsheet would read as a formula neutralised ({@link #neutralise}).
         */
        public CsvOutput text(Object... cells) {
            Object[] safe = new Object[cells.length];
            for (int i = 0; i < cells.length; i++) {
                safe[i] = cells[i] == null ? "" : neutralise(String.valueOf(cells[i]));
            }
            return record(safe);
        }

        /** Writes the records kept so far. */
        public void flush() {
            if (pending.isEmpty()) {
                return;
            }
            Exchange exchange = new DefaultExchange(camel);
            exchange.setProperty(Exchange.CHARSET_NAME, StandardCharsets.UTF_8.name());
            try {
                rfc4180.marshal(exchange, pending, out);
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (Exception e) {
                throw new IllegalStateException("CSV could not be written: " + e.getMessage(), e);
            } finally {
                pending.clear();
            }
        }

        @Override
        public void close() {
            flush();
        }
    }
}

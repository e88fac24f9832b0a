package io.kotanihub.ingest.file;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import io.kotanihub.common.csv.CsvWriters;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * A CSV report written into the outbox: first under a temporary name ({@code .<name>.<random>.tmp}), then renamed into place
 * when complete, so that whoever watches the outbox never reads half a report. Every cell is neutralised against
 * formula injection ({@link #neutralise}).
 */
final class ReportFile implements Closeable {

    private static final CSVFormat FORMAT = CSVFormat.RFC4180;

    private final Path target;
    private final Path temporary;
    private final Writer writer;
    private final CSVPrinter printer;
    private boolean committed;

    private ReportFile(Path target, String... header) throws IOException {
        Files.createDirectories(target.getParent());
        this.target = target;
        this.temporary = target.resolveSibling("." + target.getFileName() + "."
                + java.util.UUID.randomUUID().toString().substring(0, 8) + ".tmp");
        this.writer = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8);
        this.printer = new CSVPrinter(writer, FORMAT);
        printer.printRecord((Object[]) header);
    }

    static ReportFile create(Path target, String... header) throws IOException {
        return new ReportFile(target, header);
    }

    /** Writes one row; null cells are empty, every other cell is neutralised. */
    void row(Object... cells) {
        Object[] safe = new Object[cells.length];
        for (int i = 0; i < cells.length; i++) {
            safe[i] = cells[i] == null ? "" : neutralise(String.valueOf(cells[i]));
        }
        try {
            printer.printRecord(safe);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + temporary, e);
        }
    }

    /** Finishes the report and moves it into place (replacing an older report of the same name). */
    Path commit() throws IOException {
        printer.close(true);
        try {
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
        }
        committed = true;
        return target;
    }

    /** Abandons an uncommitted report (its temporary file is deleted). */
    @Override
    public void close() throws IOException {
        if (!committed) {
            printer.close(true);
            Files.deleteIfExists(temporary);
        }
    }

    /** A cell that a spreadsheet would read as a formula is neutralised ({@link CsvWriters#neutralise}). */
    static String neutralise(String cell) {
        return CsvWriters.neutralise(cell);
    }
}

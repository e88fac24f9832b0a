package io.kotanihub.ingest.file;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import io.kotanihub.common.csv.CsvWriters;

/**
 * A CSV report written into the outbox: first under a temporary name ({@code .<name>.<random>.tmp}), then renamed into place
 * when complete, so that whoever watches the outbox never reads half a report. Every cell is neutralised against
 * formula injection ({@link #neutralise}).
 */
final class ReportFile implements Closeable {

    private final Path target;
    private final Path temporary;
    private final OutputStream file;
    private final CsvWriters.CsvOutput csv;
    private boolean committed;

    private ReportFile(CsvWriters writers, Path target, String... header) throws IOException {
        Files.createDirectories(target.getParent());
        this.target = target;
        this.temporary = target.resolveSibling("." + target.getFileName() + "."
                + java.util.UUID.randomUUID().toString().substring(0, 8) + ".tmp");
        this.file = new BufferedOutputStream(Files.newOutputStream(temporary));
        this.csv = writers.open(file);
        csv.record((Object[]) header);
    }

    /** A report written through camel-csv ({@link CsvWriters}): RFC 4180, UTF-8. */
    static ReportFile create(CsvWriters writers, Path target, String... header) throws IOException {
        return new ReportFile(writers, target, header);
    }

    /** Writes one row; null cells are empty, every other cell is neutralised. */
    void row(Object... cells) {
        try {
            csv.text(cells);
        } catch (UncheckedIOException e) {
            throw new UncheckedIOException("cannot write " + temporary, e.getCause());
        }
    }

    /** Finishes the report and moves it into place (replacing an older report of the same name). */
    Path commit() throws IOException {
        csv.close();
        file.close();
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
            try {
                csv.close();
            } finally {
                file.close();
                Files.deleteIfExists(temporary);
            }
        }
    }

    /** A cell that a spreadsheet would read as a formula is neutralised ({@link CsvWriters#neutralise}). */
    static String neutralise(String cell) {
        return CsvWriters.neutralise(cell);
    }
}

package io.kotanihub.ingest.file;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;

/**
 * Where a batch's payout CSV comes from and where what {@link FileBatchProcessor} finds goes: a file dropped into
 * the inbox, or a CSV posted to the REST API ({@code POST /api/v1/batches}). The batch logic (validation, duplicate
 * detection, hand-over to the ledger) is the same for both; only reading the content, keeping the validation
 * problems and disposing of the original differ.
 */
public interface BatchSource {

    /** How the batch is named in logs (the file name for a dropped file). */
    String name();

    /** The file name put into each payment's metadata ({@code file}); null when the batch is not a file. */
    String fileName();

    /** {@code batches.source} and {@code payments.source}: FILE, API. */
    String origin();

    /** The content's size in bytes (for progress estimates). */
    long size() throws IOException;

    /** The content from its first byte; every call starts again, and closing the stream is the caller's. */
    InputStream open() throws IOException;

    /** A new validation report replacing any earlier one; called only once there is a problem to report. */
    ValidationReport validationReport() throws IOException;

    /** The batch is done with its content: its rows are in the ledger ({@code accepted}) or it was rejected. */
    void finish(boolean accepted) throws IOException;

    /** Every problem of a batch: row (the header is row 1), reference, field (a CSV column) and message. */
    interface ValidationReport extends Closeable {

        void problem(int row, String reference, String field, String message);

        /** Completes the report; returns where it can be read, for logs. */
        String commit() throws IOException;
    }
}

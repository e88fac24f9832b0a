package io.kotanihub.ingest.file;

import java.nio.file.Path;
import java.time.Duration;

import io.kotanihub.dispatch.bulk.DispatchMode;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The file drop ({@code hub.files.*}): an ERP drops a payout CSV into the inbox, the hub validates it, pays its rows
 * and writes reports into the outbox (DESIGN.md "File drop"). Every option of the feature is named here.
 */
@ConfigurationProperties("hub.files")
public class FileDropProperties {

    /** What to do with a file that has invalid rows. */
    public enum InvalidRows {
        /** Pay nothing of the file; write the validation report and move the original to the error folder. */
        REJECT_FILE,
        /** Write the validation report and pay the valid rows. */
        SKIP_ROWS
    }

    /** Where payout CSVs are dropped. Write a file under another name and rename it, or add a done-marker. */
    private Path inbox = Path.of("data/inbox");
    /** Where the hub writes {@code <name>.validation.csv}, {@code <name>.result.csv} and {@code <name>.duplicate.csv}. */
    private Path outbox = Path.of("data/outbox");
    /** Where processed originals go. */
    private Path archive = Path.of("data/archive");
    /** Where rejected originals (invalid file, same content dropped again, unreadable) go. */
    private Path error = Path.of("data/error");
    /** {@code reject-file} (default) or {@code skip-rows}. */
    private InvalidRows invalidRows = InvalidRows.REJECT_FILE;
    /** How often the inbox is scanned (Camel duration syntax: {@code 500ms}, {@code 2s}). */
    private String pollDelay = "2s";
    /**
     * How long a file must stay unchanged (size and modification time) before it is read; guards writers that
     * neither rename nor use a done-marker (Camel duration syntax).
     */
    private String stableFor = "1s";
    /** Suffix of a done-marker: {@code payroll.csv.done} declares {@code payroll.csv} complete. */
    private String doneMarkerSuffix = ".done";
    /** Read a file only once its done-marker exists (default: a done-marker is optional). */
    private boolean requireDoneMarker = false;
    /**
     * Longest wait for every row of a batch to reach a final state; then the result file is written anyway and rows
     * still pending are reported with their current status.
     */
    private Duration resultTimeout = Duration.ofHours(1);
    /** How often batches waiting for their results are checked (Camel duration syntax). */
    private String resultCheckInterval = "2s";
    /** Rows handed to the ledger in one transaction. */
    private int chunkSize = 500;
    /**
     * {@code auto} (default), {@code bulk} or {@code per-payment}: whether the rows Kotani's bulk payments API can
     * take (mobile money with a known network) go through it in chunks ({@code hub.bulk.*}); {@code auto} does so
     * when that is faster at the configured rate limits. A REST batch may choose its own ({@code dispatchMode}).
     */
    private DispatchMode dispatchMode = DispatchMode.AUTO;
    /** How often progress is logged while a large file is validated, dispatched or settling. */
    private Duration progressInterval = Duration.ofSeconds(10);
    /**
     * A batch whose processing has not shown signs of life for this long is taken over (the instance that read it
     * stopped): dropping or finding the same file again resumes it instead of reporting a duplicate.
     */
    private Duration batchLease = Duration.ofMinutes(1);

    public Path getInbox() { return inbox; }
    public void setInbox(Path inbox) { this.inbox = inbox; }
    public Path getOutbox() { return outbox; }
    public void setOutbox(Path outbox) { this.outbox = outbox; }
    public Path getArchive() { return archive; }
    public void setArchive(Path archive) { this.archive = archive; }
    public Path getError() { return error; }
    public void setError(Path error) { this.error = error; }
    public InvalidRows getInvalidRows() { return invalidRows; }
    public void setInvalidRows(InvalidRows invalidRows) { this.invalidRows = invalidRows; }
    public String getPollDelay() { return pollDelay; }
    public void setPollDelay(String pollDelay) { this.pollDelay = pollDelay; }
    public String getStableFor() { return stableFor; }
    public void setStableFor(String stableFor) { this.stableFor = stableFor; }
    public String getDoneMarkerSuffix() { return doneMarkerSuffix; }
    public void setDoneMarkerSuffix(String doneMarkerSuffix) { this.doneMarkerSuffix = doneMarkerSuffix; }
    public boolean isRequireDoneMarker() { return requireDoneMarker; }
    public void setRequireDoneMarker(boolean requireDoneMarker) { this.requireDoneMarker = requireDoneMarker; }
    public Duration getResultTimeout() { return resultTimeout; }
    public void setResultTimeout(Duration resultTimeout) { this.resultTimeout = resultTimeout; }
    public String getResultCheckInterval() { return resultCheckInterval; }
    public void setResultCheckInterval(String resultCheckInterval) { this.resultCheckInterval = resultCheckInterval; }
    public int getChunkSize() { return chunkSize; }
    public DispatchMode getDispatchMode() { return dispatchMode; }
    public void setDispatchMode(DispatchMode dispatchMode) { this.dispatchMode = dispatchMode; }
    public void setChunkSize(int chunkSize) { this.chunkSize = chunkSize; }
    public Duration getProgressInterval() { return progressInterval; }
    public void setProgressInterval(Duration progressInterval) { this.progressInterval = progressInterval; }
    public Duration getBatchLease() { return batchLease; }
    public void setBatchLease(Duration batchLease) { this.batchLease = batchLease; }
}

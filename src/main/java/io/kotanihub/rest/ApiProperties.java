package io.kotanihub.rest;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/** The hub's REST API ({@code /api/v1}). */
@ConfigurationProperties("hub.api")
public class ApiProperties {

    /**
     * SHA-256 (lowercase hex) of every accepted API key; keys themselves never appear in configuration. The embedded
     * default accepts the development key {@code hub_dev_key}; the production profile refuses it.
     */
    private List<String> keyHashes = new ArrayList<>();

    /** Largest accepted JSON request body. */
    private DataSize maxJsonBody = DataSize.ofKilobytes(64);

    /** Largest accepted CSV batch body. */
    private DataSize maxCsvBody = DataSize.ofMegabytes(50);

    /**
     * How often posted batches are looked after (Camel duration syntax): a batch whose instance stopped before its
     * rows were in the ledger is resumed once its heartbeat is older than {@code hub.files.batch-lease}, and a batch
     * whose payments are all final is completed.
     */
    private String batchCheckInterval = "5s";

    public List<String> getKeyHashes() { return keyHashes; }
    public void setKeyHashes(List<String> keyHashes) { this.keyHashes = keyHashes; }
    public DataSize getMaxJsonBody() { return maxJsonBody; }
    public void setMaxJsonBody(DataSize maxJsonBody) { this.maxJsonBody = maxJsonBody; }
    public DataSize getMaxCsvBody() { return maxCsvBody; }
    public void setMaxCsvBody(DataSize maxCsvBody) { this.maxCsvBody = maxCsvBody; }
    public String getBatchCheckInterval() { return batchCheckInterval; }
    public void setBatchCheckInterval(String batchCheckInterval) { this.batchCheckInterval = batchCheckInterval; }
}

package io.kotanihub.ingest.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import io.kotanihub.ingest.file.FileDropProperties.InvalidRows;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class FileDropPropertiesTest {

    private static FileDropProperties bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values))
                .bindOrCreate("hub.files", FileDropProperties.class);
    }

    @Test
    void bindsTheContractNamesAndValues() {
        FileDropProperties properties = bind(Map.of(
                "hub.files.inbox", "in", "hub.files.outbox", "out", "hub.files.archive", "arc",
                "hub.files.error", "err", "hub.files.invalid-rows", "skip-rows",
                "hub.files.result-timeout", "15m", "hub.files.require-done-marker", "true",
                "hub.files.done-marker-suffix", ".ready"));
        assertThat(properties.getInbox()).isEqualTo(Path.of("in"));
        assertThat(properties.getOutbox()).isEqualTo(Path.of("out"));
        assertThat(properties.getArchive()).isEqualTo(Path.of("arc"));
        assertThat(properties.getError()).isEqualTo(Path.of("err"));
        assertThat(properties.getInvalidRows()).isEqualTo(InvalidRows.SKIP_ROWS);
        assertThat(properties.getResultTimeout()).isEqualTo(Duration.ofMinutes(15));
        assertThat(properties.isRequireDoneMarker()).isTrue();
        assertThat(properties.getDoneMarkerSuffix()).isEqualTo(".ready");
        assertThat(bind(Map.of("hub.files.invalid-rows", "reject-file")).getInvalidRows())
                .isEqualTo(InvalidRows.REJECT_FILE);
    }

    @Test
    void defaultsAreTheContractDefaults() {
        FileDropProperties properties = new FileDropProperties();
        assertThat(properties.getInbox()).isEqualTo(Path.of("data/inbox"));
        assertThat(properties.getOutbox()).isEqualTo(Path.of("data/outbox"));
        assertThat(properties.getArchive()).isEqualTo(Path.of("data/archive"));
        assertThat(properties.getError()).isEqualTo(Path.of("data/error"));
        assertThat(properties.getInvalidRows()).isEqualTo(InvalidRows.REJECT_FILE);
    }
}

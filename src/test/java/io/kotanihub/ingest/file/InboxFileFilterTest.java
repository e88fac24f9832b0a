package io.kotanihub.ingest.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InboxFileFilterTest {

    @TempDir
    Path inbox;

    @Test
    void readsCsvFilesAndIgnoresTemporaryHiddenAndMarkerFiles() {
        InboxFileFilter filter = new InboxFileFilter(new FileDropProperties());
        assertThat(filter.accept(new File(inbox.toFile(), "payroll.csv"))).isTrue();
        assertThat(filter.accept(new File(inbox.toFile(), "PAYROLL.CSV"))).isTrue();
        for (String ignored : new String[] {"payroll.csv.tmp", "payroll.csv.part", "payroll.tmp", ".payroll.csv",
                "~$payroll.csv", "payroll.csv.done", "payroll.txt", "payroll.csv.swp"}) {
            assertThat(filter.accept(new File(inbox.toFile(), ignored))).as(ignored).isFalse();
        }
    }

    @Test
    void withARequiredDoneMarkerAFileWaitsForItsMarker() throws IOException {
        FileDropProperties properties = new FileDropProperties();
        properties.setRequireDoneMarker(true);
        InboxFileFilter filter = new InboxFileFilter(properties);
        File csv = Files.writeString(inbox.resolve("payroll.csv"), "reference\n").toFile();
        assertThat(filter.accept(csv)).isFalse();
        Files.createFile(inbox.resolve("payroll.csv.done"));
        assertThat(filter.accept(csv)).isTrue();
    }
}

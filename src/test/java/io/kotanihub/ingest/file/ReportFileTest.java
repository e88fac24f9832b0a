package io.kotanihub.ingest.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.kotanihub.common.csv.CsvWriters;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportFileTest {

    /** camel-csv's data format needs a Camel context only to hand it an exchange. */
    static final CsvWriters WRITERS = new CsvWriters(new DefaultCamelContext());

    @TempDir
    Path dir;

    @Test
    void formulaCellsAreNeutralised() {
        for (String formula : List.of("=1+2", "+254700000001", "-5", "@SUM(A1)", "\tx", "\rx")) {
            assertThat(ReportFile.neutralise(formula)).isEqualTo("'" + formula);
        }
        for (String plain : List.of("", "pay-1", "1500.50", "Jane = Doe", "'quoted")) {
            assertThat(ReportFile.neutralise(plain)).isEqualTo(plain);
        }
    }

    @Test
    void aCommittedReportIsValidCsvWithNeutralisedCellsAndNoTemporaryFileLeft() throws IOException {
        Path target = dir.resolve("out/payroll.result.csv");
        try (ReportFile report = ReportFile.create(WRITERS, target, "reference", "status", "error_message")) {
            report.row("=HYPERLINK(\"http://x\")", "FAILED", "Insufficient, \"really\"\r\nfunds");
            report.row("pay-2", null, "-oops");
            report.commit();
        }
        try (Reader reader = Files.newBufferedReader(target, StandardCharsets.UTF_8);
             CSVParser parser = CSVParser.builder().setReader(reader).setFormat(CSVFormat.RFC4180).get()) {
            List<CSVRecord> records = parser.getRecords();
            assertThat(records.get(0).values()).containsExactly("reference", "status", "error_message");
            assertThat(records.get(1).values())
                    .containsExactly("'=HYPERLINK(\"http://x\")", "FAILED", "Insufficient, \"really\"\r\nfunds");
            assertThat(records.get(2).values()).containsExactly("pay-2", "", "'-oops");
        }
        try (var files = Files.list(target.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("payroll.result.csv");
        }
    }

    @Test
    void anAbandonedReportLeavesNothingBehind() throws IOException {
        Path target = dir.resolve("payroll.validation.csv");
        try (ReportFile report = ReportFile.create(WRITERS, target, "row")) {
            report.row(2);
        }
        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }
}

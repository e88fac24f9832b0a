package io.kotanihub.ingest.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.kotanihub.model.PaymentMethod;
import io.kotanihub.model.Violation;
import org.junit.jupiter.api.Test;

class PayoutCsvTest {

    private static PayoutCsv open(String text) throws IOException {
        return PayoutCsv.open(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<PayoutRow> rows(String text) throws IOException {
        try (PayoutCsv csv = open(text)) {
            assertThat(csv.headerProblems()).isEmpty();
            List<PayoutRow> rows = new ArrayList<>();
            csv.rows().forEachRemaining(rows::add);
            return rows;
        }
    }

    @Test
    void readsBomCrlfQuotedCellsAndColumnsInAnyOrderAndCase() throws IOException {
        String text = "\uFEFFAmount,Currency,REFERENCE,Name,Phone,Network,Narration,Bank Code,account-number,method,Country\r\n"
                + "1500.50,KES,pay-1,\"Doe, Jane\",+254700000001,MPESA,\"Salary, July \"\"bonus\"\"\",,,,\r\n"
                + "250,kes,pay-2,\"Smith,\r\nRobert\",,,,01,1000000001,bank,ke\r\n";
        List<PayoutRow> rows = rows(text);
        assertThat(rows).hasSize(2);
        PayoutRow first = rows.get(0);
        assertThat(first.valid()).as(first.violations().toString()).isTrue();
        assertThat(first.row()).isEqualTo(2);
        assertThat(first.reference()).isEqualTo("pay-1");
        assertThat(first.amount()).isEqualTo(new BigDecimal("1500.50"));
        assertThat(first.command().recipient().name()).isEqualTo("Doe, Jane");
        assertThat(first.command().narration()).isEqualTo("Salary, July \"bonus\"");
        assertThat(first.command().country()).isEqualTo("KE");
        assertThat(first.command().method()).isEqualTo(PaymentMethod.MOBILE_MONEY);
        PayoutRow second = rows.get(1);
        assertThat(second.valid()).as(second.violations().toString()).isTrue();
        assertThat(second.row()).isEqualTo(3);
        assertThat(second.command().method()).isEqualTo(PaymentMethod.BANK);
        assertThat(second.command().currency()).isEqualTo("KES");
        assertThat(second.command().recipient().name()).isEqualTo("Smith,\r\nRobert");
        assertThat(second.command().recipient().bankCode()).isEqualTo("01");
        assertThat(second.command().recipient().accountNumber()).isEqualTo("1000000001");
    }

    @Test
    void reportsEveryProblemOfARowUnderItsColumnName() throws IOException {
        String text = "reference,amount,currency,method,phone,network,name,country,bank_code,account_number,"
                + "paybill_number,account_reference,till_number\n"
                + ",1.005,KES,bank,,,,,,12,,,\n"
                + "r2,\"1,000\",UGX,paybill,,,,UG,,,12,,\n"
                + "r3,1e3,KES,,0712345678,,,KE,,,,,\n"
                + "r4,10,KES,cheque,,,,KE,,,,,\n";
        List<PayoutRow> rows = rows(text);
        assertThat(rows.get(0).violations()).extracting(Violation::field).containsExactlyInAnyOrder(
                "reference", "amount", "country", "bank_code", "account_number", "name");
        assertThat(rows.get(1).violations()).extracting(Violation::field).containsExactlyInAnyOrder(
                "amount", "paybill_number", "account_reference", "currency", "country");
        assertThat(rows.get(1).violations()).filteredOn(v -> v.field().equals("amount")).singleElement()
                .extracting(Violation::message).asString().contains("'1,000'", "plain decimal");
        assertThat(rows.get(2).violations()).extracting(Violation::field).containsExactlyInAnyOrder(
                "amount", "phone", "network");
        assertThat(rows.get(3).violations()).extracting(Violation::field).containsExactly("method");
    }

    @Test
    void aRowWithMoreOrFewerCellsThanTheHeaderIsReported() throws IOException {
        List<PayoutRow> rows = rows("reference,amount,currency,phone,network\n"
                + "r1,10,KES,+254700000001,MPESA,extra\n"
                + "r2,10,KES\n");
        assertThat(rows.get(0).violations()).extracting(Violation::field).containsExactly("row");
        assertThat(rows.get(1).violations()).extracting(Violation::field)
                .containsExactly("row", "country", "phone", "network");
    }

    @Test
    void headerProblemsStopTheRows() throws IOException {
        try (PayoutCsv csv = open("Reference,phone,PHONE\nr1,+254700000001,+254700000002\n")) {
            assertThat(csv.headerProblems()).extracting(Violation::field)
                    .containsExactlyInAnyOrder("phone", "amount", "currency");
            assertThat(csv.rows().hasNext()).isFalse();
        }
        try (PayoutCsv csv = open("")) {
            assertThat(csv.headerProblems()).extracting(Violation::field).containsExactly("header");
        }
        try (PayoutCsv csv = open("\uFEFF")) {
            assertThat(csv.headerProblems()).extracting(Violation::field).containsExactly("header");
        }
    }

    @Test
    void unknownColumnsAreListedAndIgnored() throws IOException {
        try (PayoutCsv csv = open("reference,amount,currency,phone,network,employee_id\n"
                + "r1,10,KES,+254700000001,MPESA,E-77\n")) {
            assertThat(csv.unknownColumns()).containsExactly("employee_id");
            assertThat(csv.rows().next().valid()).isTrue();
        }
    }

    @Test
    void blankLinesAreSkippedAndRowsKeepTheirRecordNumbers() throws IOException {
        List<PayoutRow> rows = rows("reference,amount,currency,phone,network\n\nr1,10,KES,+254700000001,MPESA\n\n"
                + "r2,10,KES,+254700000002,MPESA\n");
        assertThat(rows).extracting(PayoutRow::reference).containsExactly("r1", "r2");
        assertThat(rows).extracting(PayoutRow::row).containsExactly(2, 3);
    }

    @Test
    void invalidUtf8IsAnEncodingError() throws IOException {
        byte[] latin1 = "reference,amount,currency,name\nr1,10,KES,Jos\u00e9\n".getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> {
            try (PayoutCsv csv = PayoutCsv.open(new ByteArrayInputStream(latin1))) {
                csv.rows().forEachRemaining(row -> { });
            }
        }).isInstanceOf(UncheckedIOException.class).hasCauseInstanceOf(CharacterCodingException.class);
        StringBuilder longFile = new StringBuilder("reference,amount,currency,name\n");
        for (int i = 0; i < 10_000; i++) {
            longFile.append("r").append(i).append(",10,KES,Jane\n");
        }
        byte[] badLate = (longFile + "r-last,10,KES,Jos\u00e9\n").getBytes(StandardCharsets.ISO_8859_1);
        try (PayoutCsv csv = PayoutCsv.open(new ByteArrayInputStream(badLate))) {
            assertThat(csv.headerProblems()).isEmpty();
            assertThatThrownBy(() -> csv.rows().forEachRemaining(row -> { }))
                    .isInstanceOf(UncheckedIOException.class).hasCauseInstanceOf(CharacterCodingException.class);
        }
    }

    @Test
    void quotingThatBreaksRfc4180MakesTheFileUnreadableFromTheRowWhereItStarts() throws IOException {
        String header = "reference,amount,currency,phone,network\n";
        try (PayoutCsv csv = open(header + "r1,10,KES,+254700000001,MPESA\nr2,\"10,KES,+254700000002,MPESA\n"
                + "r3,10,KES,+254700000003,MPESA\n")) {
            var rows = csv.rows();
            assertThat(rows.next().reference()).isEqualTo("r1");
            assertThatThrownBy(rows::hasNext).isInstanceOfSatisfying(PayoutCsv.UnreadableCsvException.class, e -> {
                assertThat(e.row()).isEqualTo(3);
                assertThat(e.getMessage()).contains("never closed");
            });
        }
        try (PayoutCsv csv = open(header + "r1,\"10\"0,KES,+254700000001,MPESA\n")) {
            assertThatThrownBy(() -> csv.rows().forEachRemaining(row -> { }))
                    .isInstanceOfSatisfying(PayoutCsv.UnreadableCsvException.class, e -> {
                        assertThat(e.row()).isEqualTo(2);
                        assertThat(e.getMessage()).contains("follows the closing quote");
                    });
        }
        assertThatThrownBy(() -> open("\"reference,amount,currency\nr1,10,KES\n"))
                .isInstanceOfSatisfying(PayoutCsv.UnreadableCsvException.class, e -> assertThat(e.row()).isEqualTo(1));
    }

    @Test
    void bytesReadGrowAsRowsAreRead() throws IOException {
        StringBuilder text = new StringBuilder("reference,amount,currency,phone,network\n");
        for (int i = 0; i < 20_000; i++) {
            text.append("r").append(i).append(",10,KES,+254700000001,MPESA\n");
        }
        try (PayoutCsv csv = open(text.toString())) {
            var rows = csv.rows();
            rows.next();
            long early = csv.bytesRead();
            rows.forEachRemaining(r -> { });
            assertThat(early).isLessThan(csv.bytesRead());
            assertThat(csv.bytesRead()).isEqualTo(text.length());
        }
    }
}

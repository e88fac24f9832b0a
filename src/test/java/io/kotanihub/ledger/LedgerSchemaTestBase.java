package io.kotanihub.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import io.kotanihub.support.HubLedgerTest;

/** The Flyway migrations give the same ledger on H2 and PostgreSQL. */
@HubLedgerTest
abstract class LedgerSchemaTestBase {

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    BatchUploadRepository uploads;

    private long insertPayment(String reference, BigDecimal amount) {
        Timestamp now = Timestamp.from(Instant.now());
        jdbc.update("insert into payments (reference, type, method, amount, currency, status, source, command_json,"
                        + " command_hash, created_at, updated_at) values (?,?,?,?,?,?,?,?,?,?,?)",
                reference, "PAYOUT", "MOBILE_MONEY", amount, "KES", "RECEIVED", "API", "{}", "h", now, now);
        return jdbc.queryForObject("select id from payments where reference = ?", Long.class, reference);
    }

    @Test
    void everyTableTheHubNeedsExists() {
        List<String> tables = jdbc.queryForList(
                "select lower(table_name) from information_schema.tables where lower(table_name) in"
                        + " ('payments','payment_status_history','batches','kotani_customers','camel_messageprocessed')",
                String.class);
        assertThat(tables).containsExactlyInAnyOrder(
                "payments", "payment_status_history", "batches", "kotani_customers", "camel_messageprocessed");
    }

    @Test
    void aPostedBatchsContentIsStoredFromAStreamWithItsBatch() {
        byte[] content = ("reference,amount,currency,phone,network,name\n"
                + "stream-1,100,KES,+254700000001,MPESA,Jane Doe\n").repeat(5000).getBytes(StandardCharsets.UTF_8);
        String id = UUID.randomUUID().toString();
        BatchUploadRepository.Stored stored = uploads.create(id, "API", "streamed.csv", "hash-" + id, "test-instance",
                new ByteArrayInputStream(content), content.length);
        assertThat(stored.created()).isTrue();
        assertThat(uploads.content(id)).hasValueSatisfying(read -> assertThat(read).isEqualTo(content));
    }

    @Test
    void aReferenceIsUniqueByConstraint() {
        insertPayment("uniq-" + getClass().getSimpleName(), new BigDecimal("10.00"));
        assertThatThrownBy(() -> insertPayment("uniq-" + getClass().getSimpleName(), new BigDecimal("10.00")))
                .isInstanceOf(DuplicateKeyException.class);
    }

    @Test
    void amountsAreExactDecimals() {
        BigDecimal amount = new BigDecimal("1234567890123456.12345678");
        insertPayment("exact-" + getClass().getSimpleName(), amount);
        BigDecimal stored = jdbc.queryForObject("select amount from payments where reference = ?", BigDecimal.class,
                "exact-" + getClass().getSimpleName());
        assertThat(stored).isEqualByComparingTo(amount);
        assertThat(new BigDecimal("0.1").add(new BigDecimal("0.2"))).isEqualByComparingTo(
                jdbc.queryForObject("select cast(0.1 as numeric(24,8)) + cast(0.2 as numeric(24,8))", BigDecimal.class));
    }

    @Test
    void aFileHashIsUniqueByConstraint() {
        Timestamp now = Timestamp.from(Instant.now());
        String sql = "insert into batches (id, source, file_name, file_hash, status, created_at, updated_at)"
                + " values (?,?,?,?,?,?,?)";
        jdbc.update(sql, "b1-" + getClass().getSimpleName(), "FILE", "a.csv", "hash-" + getClass().getSimpleName(),
                "RECEIVED", now, now);
        assertThatThrownBy(() -> jdbc.update(sql, "b2-" + getClass().getSimpleName(), "FILE", "b.csv",
                "hash-" + getClass().getSimpleName(), "RECEIVED", now, now))
                .isInstanceOf(DuplicateKeyException.class);
    }
}

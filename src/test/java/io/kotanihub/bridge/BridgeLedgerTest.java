package io.kotanihub.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kotanihub.bridge.BridgeLedger.Change;
import io.kotanihub.bridge.BridgeLedger.Outcome;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * The bridge ledger's status machine on a real (H2) database migrated by Flyway: lost callbacks are inferred from a
 * later status, late and repeated ones change nothing, impossible ones are anomalies; every applied status is one
 * event and a FAILED settlement makes a refund due.
 */
class BridgeLedgerTest {

    BridgeLedger ledger;
    JdbcTemplate jdbc;
    long id;
    final Instant t0 = Instant.parse("2026-11-23T12:00:00Z");

    @BeforeEach
    void ledger() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:bridge-ledger-" + UUID.randomUUID()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        jdbc = new JdbcTemplate(dataSource);
        ledger = new BridgeLedger(jdbc, new DataSourceTransactionManager(dataSource), new BridgeProperties(),
                new DefaultListableBeanFactory().getBeanProvider(io.micrometer.core.instrument.MeterRegistry.class));
        id = ledger.insert(new BridgeLedger.NewTransfer("PRV-1", "{}", "h", "API", new BigDecimal("1000.50"), "KES",
                "LIGHTNING", "MSAT", "hash", t0.plusSeconds(3600))).orElseThrow();
        ObjectNode config = BridgeClient.JSON.createObjectNode().put("refund_invoice", "lntb1")
                .put("fallback_address", "bc1q").put("expires_at", t0.plusSeconds(900).toString());
        ledger.recordCreated(id, "KOTANI-BR-1", "hash", config, TransferStatus.DEPOSIT_INITIATED, t0);
    }

    Outcome apply(TransferStatus status, int second, String source) {
        return ledger.apply(id, new Change(status, t0.plusSeconds(second), source, null, null));
    }

    List<String> history() {
        return ledger.history(id).stream().map(h -> h.status().name() + "/" + h.source()).toList();
    }

    @Test
    void aDuplicateProviderReferenceIsRefusedByTheDatabase() {
        assertThat(ledger.insert(new BridgeLedger.NewTransfer("PRV-1", "{}", "other", "API", BigDecimal.ONE, "KES",
                "LIGHTNING", "MSAT", "h2", null))).isEmpty();
        assertThat(jdbc.queryForObject("select count(*) from bridge_transfers", Integer.class)).isEqualTo(1);
    }

    @Test
    void lostCallbacksAreInferredAndLateOnesChangeNothing() {
        assertThat(apply(TransferStatus.PAYMENT_CONFIRMED, 30, "CALLBACK")).isEqualTo(Outcome.APPLIED);
        assertThat(history()).containsExactly("DEPOSIT_INITIATED/CREATE", "DEPOSIT_CONFIRMED/INFERRED",
                "PAYMENT_SENT/INFERRED", "PAYMENT_CONFIRMED/CALLBACK");
        assertThat(apply(TransferStatus.PAYMENT_SENT, 20, "CALLBACK")).isEqualTo(Outcome.STALE);
        assertThat(apply(TransferStatus.PAYMENT_CONFIRMED, 30, "POLL")).isEqualTo(Outcome.DUPLICATE);
        assertThat(history()).hasSize(4);
        assertThat(jdbc.queryForObject("select count(*) from bridge_events where type = 'STATUS_CHANGED'",
                Integer.class)).isEqualTo(4);
        assertThat(ledger.anomalies(id)).isEmpty();
    }

    @Test
    void aLateSettlingAfterUnconfirmedIsAppliedOnlyWhenItIsNewer() {
        apply(TransferStatus.PAYMENT_CONFIRMED, 30, "CALLBACK");
        apply(TransferStatus.SETTLING, 40, "REPORT");
        apply(TransferStatus.SETTLEMENT_UNCONFIRMED, 50, "CALLBACK");
        assertThat(apply(TransferStatus.SETTLING, 40, "CALLBACK")).as("the old SETTLING again").isEqualTo(Outcome.STALE);
        assertThat(apply(TransferStatus.SETTLING, 60, "CALLBACK")).as("the provider reported again")
                .isEqualTo(Outcome.APPLIED);
        assertThat(ledger.get(id).orElseThrow().status()).isEqualTo(TransferStatus.SETTLING);
    }

    @Test
    void impossibleTransitionsAreAnomaliesAndNotApplied() {
        apply(TransferStatus.PAYMENT_CONFIRMED, 30, "CALLBACK");
        assertThat(apply(TransferStatus.REFUNDED, 40, "CALLBACK")).isEqualTo(Outcome.ANOMALY);
        apply(TransferStatus.COMPLETED, 50, "REPORT");
        assertThat(apply(TransferStatus.FAILED, 60, "POLL")).isEqualTo(Outcome.ANOMALY);
        BridgeTransfer t = ledger.get(id).orElseThrow();
        assertThat(t.status()).isEqualTo(TransferStatus.COMPLETED);
        assertThat(t.anomalies()).isEqualTo(2);
        assertThat(ledger.anomalies(id)).extracting(a -> a.fromStatus() + "->" + a.toStatus())
                .containsExactly("PAYMENT_CONFIRMED->REFUNDED", "COMPLETED->FAILED");
    }

    @Test
    void aFailedSettlementMakesARefundDueButAFailedCryptoPaymentDoesNot() {
        apply(TransferStatus.PAYMENT_CONFIRMED, 30, "CALLBACK");
        ledger.apply(id, new Change(TransferStatus.FAILED, t0.plusSeconds(40), "REPORT",
                new BridgeLedger.Failure("SETTLEMENT", "RECIPIENT_ACCOUNT_INVALID", "no such account"), null));
        BridgeTransfer failed = ledger.get(id).orElseThrow();
        assertThat(failed.refundState()).isEqualTo("PENDING");
        assertThat(failed.failureReason()).isEqualTo("RECIPIENT_ACCOUNT_INVALID");
        assertThat(ledger.refundsToReview(Instant.now(), 10)).extracting(BridgeTransfer::id).containsExactly(id);

        long other = ledger.insert(new BridgeLedger.NewTransfer("PRV-2", "{}", "h", "API", BigDecimal.TEN, "KES",
                "LIGHTNING", "MSAT", "hash2", null)).orElseThrow();
        ledger.recordCreated(other, "KOTANI-BR-2", "hash2", null, TransferStatus.DEPOSIT_INITIATED, t0);
        ledger.apply(other, new Change(TransferStatus.DEPOSIT_CONFIRMED, t0.plusSeconds(5), "CALLBACK", null, null));
        ledger.apply(other, new Change(TransferStatus.FAILED, t0.plusSeconds(10), "CALLBACK", null, null));
        BridgeTransfer expired = ledger.get(other).orElseThrow();
        assertThat(expired.failureStage()).as("inferred from where it failed").isEqualTo("CRYPTO_PAYMENT");
        assertThat(expired.refundState()).isNull();
    }
}

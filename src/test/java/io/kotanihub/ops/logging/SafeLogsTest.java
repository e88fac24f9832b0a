package io.kotanihub.ops.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.kotanihub.ops.ObservedBatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A REST batch with every sandbox phone outcome, bank and paybill rows, paid at the real sandbox with DEBUG logging for
 * the hub (Camel at INFO), ERP deliveries retried: no full phone or account number, API key, webhook secret or
 * signature appears anywhere in the captured log output, and the lines of a payment's work carry its reference and
 * batch id. {@link SafeJsonLogsTest} runs the same with {@code hub.logging.format=json}.
 */
@ExtendWith(OutputCaptureExtension.class)
class SafeLogsTest extends ObservedBatch {

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ConfigurableEnvironment environment;

    @BeforeEach
    void logging() {
        applyLogging(environment);
    }

    @AfterEach
    void resetLogging() {
        defaultLogging();
    }

    @Test
    void noPersonalNumberKeySecretOrSignatureAppearsInTheLogsOfABatchWithEveryOutcome(CapturedOutput output)
            throws Exception {
        Batch batch = runBatch(port);
        await().atMost(Duration.ofSeconds(30)).until(() -> ERP_SIGNATURES.size() > batch.rows().size());

        String log = output.getAll();
        assertNoSecrets(log, batch, kotaniSignatures(jdbc));

        Row paid = batch.rows().get(0);
        assertThat(lines(log, "[ref=" + paid.reference() + " batch=" + batch.id() + "]"))
                .as("lines of the payment's dispatch and of its status updates (a status check or a webhook applied, "
                        + "whichever came first) carry its reference and batch id")
                .anyMatch(line -> line.contains("/api/v3/withdraw/mobile-money"))
                .anyMatch(line -> line.contains("/api/v3/withdraw/status/") || line.contains("Kotani webhook"));
        assertThat(lines(log, "[batch=" + batch.id() + "]"))
                .as("the batch's validation and hand-over lines carry its id")
                .anyMatch(line -> line.contains("handed over"));
    }

    /** Fails with the offending lines when any of the batch's numbers, a key, a secret or a signature is in {@code log}. */
    static void assertNoSecrets(String log, Batch batch, List<String> kotaniSignatures) {
        assertThat(log).as("captured output").isNotBlank();
        List<String> forbidden = new ArrayList<>(List.of(HUB_KEY, SANDBOX_KEY, SANDBOX_SECRET, ERP_SECRET,
                ERP_SECRET.substring("whsec_".length())));
        for (Row row : batch.rows()) {
            String digits = row.number().replaceAll("[^0-9]", "");
            if (row.csv().contains("mobile_money")) {
                forbidden.add(row.number());
                forbidden.add(digits);
                forbidden.add(digits.substring(digits.length() - 9));
            } else if (row.csv().contains(",bank,")) {
                forbidden.add(digits);
            }
        }
        assertThat(kotaniSignatures).as("the hub received signed Kotani webhooks").isNotEmpty();
        kotaniSignatures.forEach(s -> forbidden.addAll(secretParts(s)));
        assertThat(ERP_SIGNATURES).as("the ERP received signed deliveries").isNotEmpty();
        ERP_SIGNATURES.forEach(s -> forbidden.addAll(secretParts(s)));
        for (String secret : forbidden) {
            assertThat(lines(log, secret)).as("log lines containing %s", secret).isEmpty();
        }
    }

    static List<String> lines(String log, String containing) {
        return Arrays.stream(log.split("\\R")).filter(line -> line.contains(containing)).toList();
    }
}

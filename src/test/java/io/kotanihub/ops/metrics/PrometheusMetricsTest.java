package io.kotanihub.ops.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.kotanihub.ops.ObservedBatch;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * After a REST batch with every sandbox outcome (two creates answered 429 by a sandbox storm, ERP deliveries failing
 * once), {@code /actuator/prometheus} shows the {@code kotani_hub_*} metrics with the batch's values: payments by type
 * and status moved by exactly the batch's outcomes, Kotani calls timed by endpoint and outcome, the 429s counted, the
 * throttle's waits, the batch's rows, and the ERP outbox drained.
 */
class PrometheusMetricsTest extends ObservedBatch {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @Value("${hub.sandbox.port}")
    int sandboxPort;

    @Test
    void theBatchShowsInTheHubsPrometheusMetrics() throws Exception {
        Thread.sleep(200);
        String before = scrape();
        HttpResponse<String> storm = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + sandboxPort
                        + "/sandbox/faults")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"rateLimitStorm\":2,\"stormRetryAfter\":1,\"scope\":\"CREATES\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(storm.statusCode()).as(storm.body()).isBetween(200, 299);

        Batch batch = runBatch(port);

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            String after = scrape();
            for (String status : new String[] {"SUCCESSFUL", "FAILED", "CANCELLED"}) {
                String payments = "kotani_hub_payments{status=\"" + status + "\",type=\"PAYOUT\"}";
                assertThat(value(after, payments) - value(before, payments)).as(payments)
                        .isEqualTo(batch.expected(status));
            }
            assertThat(value(after, "kotani_hub_outbox_backlog")).isZero();
        });
        String after = scrape();
        assertThat(value(after, "kotani_hub_outbox_deliveries{state=\"DELIVERED\"}")
                - value(before, "kotani_hub_outbox_deliveries{state=\"DELIVERED\"}")).isPositive();
        assertThat(value(after, "kotani_hub_outbox_dead")).isZero();
        assertThat(value(after, "kotani_hub_outbox_oldest_pending_age_seconds")).isZero();

        double creates = sum(after, "kotani_hub_kotani_calls_seconds_count{endpoint=\"WITHDRAW_MOBILE_MONEY\"")
                - sum(before, "kotani_hub_kotani_calls_seconds_count{endpoint=\"WITHDRAW_MOBILE_MONEY\"");
        assertThat(creates).as("mobile-money creates: one per row, plus the 429s resent").isGreaterThanOrEqualTo(10);
        assertThat(sum(after, "kotani_hub_kotani_calls_seconds_count{endpoint=\"WITHDRAW_BANK\"")).isPositive();
        assertThat(sum(after, "kotani_hub_kotani_calls_seconds_count{endpoint=\"WITHDRAW_PAYBILL\"")).isPositive();
        assertThat(sum(after, "kotani_hub_kotani_calls_seconds_count{endpoint=\"WITHDRAW_STATUS\"")).isPositive();
        assertThat(sum(after, "kotani_hub_kotani_calls_seconds_sum{")).isPositive();
        assertThat(sum(after, "kotani_hub_kotani_calls_seconds_count{endpoint=\"WITHDRAW_MOBILE_MONEY\","
                + "outcome=\"ACCEPTED\"")).isGreaterThanOrEqualTo(10);

        assertThat(sum(after, "kotani_hub_kotani_rate_limited_total{") - sum(before, "kotani_hub_kotani_rate_limited_total{"))
                .as("the two 429s of the storm").isEqualTo(2);
        assertThat(sum(after, "kotani_hub_throttle_wait_seconds_count{") - sum(before, "kotani_hub_throttle_wait_seconds_count{"))
                .as("every call asked the throttle").isGreaterThanOrEqualTo(creates);
        assertThat(after).contains("kotani_hub_throttle_wait_seconds_sum{");

        for (String stage : new String[] {"validated", "handed_over"}) {
            String rows = "kotani_hub_batch_rows_total{stage=\"" + stage + "\"}";
            assertThat(value(after, rows) - value(before, rows)).as(rows).isEqualTo(batch.rows().size());
            assertThat(value(after, "kotani_hub_batch_rows_per_second{stage=\"" + stage + "\"}")).as(stage).isPositive();
        }
        assertThat(value(after, "kotani_hub_batches{status=\"DISPATCHED\"}")
                + value(after, "kotani_hub_batches{status=\"COMPLETED\"}")).isPositive();
        assertThat(value(after, "kotani_hub_batch_open_rows{state=\"pending\"}"))
                .as("the 700000020 row never settles, so its batch stays open").isPositive();
        assertThat(value(after, "kotani_hub_kotani_reachable")).isEqualTo(1.0);
        assertThat(after).as("Camel's own route metrics stay").contains("camel_exchanges_total");
    }

    private String scrape() throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                + "/actuator/prometheus")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    /** The value of one exactly named series (0 when absent). */
    static double value(String scrape, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(scrape);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    /** The sum of every series whose line contains {@code fragment}. */
    static double sum(String scrape, String fragment) {
        double total = 0;
        for (String line : scrape.split("\n")) {
            if (!line.startsWith("#") && line.contains(fragment)) {
                total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return total;
    }
}

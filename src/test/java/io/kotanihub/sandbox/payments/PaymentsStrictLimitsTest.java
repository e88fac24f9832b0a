package io.kotanihub.sandbox.payments;

import static io.kotanihub.sandbox.payments.SandboxClient.obj;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.kotanihub.sandbox.SandboxProperties;
import io.kotanihub.sandbox.SandboxServer;
import io.kotanihub.sandbox.wallets.WalletBook;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A sandbox with tiny rate limits (general: 3 per minute; read: a burst of 3 per 2 s) and the 409 duplicate mode.
 */
class PaymentsStrictLimitsTest {

    static final Duration BURST_WINDOW = Duration.ofSeconds(2);

    static ConfigurableApplicationContext sandbox;
    static SandboxClient api;

    @BeforeAll
    static void start() {
        SandboxProperties props = new SandboxProperties();
        props.setPort(0);
        props.setApiKeys(new ArrayList<>(List.of("sk_strict")));
        props.setDuplicateStatus(409);
        props.setSettleDelay(Duration.ofMillis(100));
        props.setStepDelay(Duration.ofMillis(10));
        props.getRateLimits().setGeneral(new SandboxProperties.Tier(3, Duration.ofMinutes(1), 3, Duration.ofMinutes(1)));
        props.getRateLimits().setRead(new SandboxProperties.Tier(100, Duration.ofSeconds(5), 3, BURST_WINDOW));
        sandbox = SandboxServer.start(props);
        api = new SandboxClient(SandboxServer.port(sandbox), "sk_strict");
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @Test
    void theFourthCreateWithinTheWindowIs429WithRetryAfter() throws Exception {
        String key = api.post("/api/v3/customer/mobile-money", obj("phone_number", "+254700000001",
                "country_code", "KE")).data().get("customer_key").asText();
        for (int i = 0; i < 3; i++) {
            assertThat(api.post("/api/v3/withdraw/mobile-money", obj("customer_key", key, "amount", 1,
                    "walletId", WalletBook.fundedWalletId("KES"), "referenceId", "rl-" + i)).status()).isEqualTo(200);
        }
        SandboxClient.Answer limited = api.post("/api/v3/withdraw/mobile-money", obj("customer_key", key,
                "amount", 1, "walletId", WalletBook.fundedWalletId("KES"), "referenceId", "rl-3"));
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.body().get("statusCode").asInt()).isEqualTo(429);
        assertThat(limited.body().get("error").asText()).isEqualTo("Too Many Requests");
        long retryAfter = limited.data().get("retryAfter").asLong();
        assertThat(retryAfter).isBetween(1L, 60L);
        assertThat(limited.raw().headers().firstValue("Retry-After")).contains(Long.toString(retryAfter));
        assertThat(api.get("/api/v3/withdraw/status/rl-3").status()).isEqualTo(404);
    }

    /**
     * §2.3: the window slides. One call opens the window, two more come 1.5 s later, and at 2.5 s two more: a
     * fixed 2-s window (starting at the first call) would have begun afresh and let both through, five calls within
     * 0.8 s of each other. Sliding, the window ending at 2.5 s still holds the two calls of 1.5 s, so only one more
     * fits and the next is 429 with {@code retryAfter} = the time until the oldest of them leaves the window
     * (rounded up to whole seconds); after that many seconds a call fits again.
     */
    @Test
    void aBurstStraddlingAWindowEdgeIs429AndRetryAfterIsWhenTheOldestCountedCallLeaves() throws Exception {
        String path = "/api/v3/wallet/fiat/currency/KES?country=KE";
        long opened = System.nanoTime();
        assertThat(api.get(path).status()).isEqualTo(200);
        sleepUntil(opened + 1_500_000_000L);
        long oldestSent = System.nanoTime();
        assertThat(api.get(path).status()).isEqualTo(200);
        long oldestAnswered = System.nanoTime();
        assertThat(api.get(path).status()).isEqualTo(200);
        sleepUntil(opened + BURST_WINDOW.toNanos() + 500_000_000L);
        assertThat(api.get(path).status()).as("the third call of the sliding window").isEqualTo(200);
        long refusedSent = System.nanoTime();
        SandboxClient.Answer limited = api.get(path);
        long refusedAnswered = System.nanoTime();
        assertThat(limited.status()).as("a fourth call within 2 s of the two at 1.5 s").isEqualTo(429);

        long retryAfter = limited.data().get("retryAfter").asLong();
        long shortest = oldestSent + BURST_WINDOW.toNanos() - refusedAnswered;
        long longest = oldestAnswered + BURST_WINDOW.toNanos() - refusedSent;
        assertThat(retryAfter).isBetween(Math.max(1, ceilSeconds(shortest)), Math.max(1, ceilSeconds(longest)));
        assertThat(limited.raw().headers().firstValue("Retry-After")).contains(Long.toString(retryAfter));
        assertThat(limited.message()).contains("limit of 3 requests per 2 seconds");

        sleepUntil(refusedAnswered + retryAfter * 1_000_000_000L);
        assertThat(api.get(path).status()).as("after retryAfter the oldest counted call has left").isEqualTo(200);
    }

    static long ceilSeconds(long nanos) {
        return (nanos + 999_999_999L) / 1_000_000_000L;
    }

    static void sleepUntil(long nanoTime) throws InterruptedException {
        long left = nanoTime - System.nanoTime();
        if (left > 0) {
            Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
        }
    }

    @Test
    void aReusedReferenceIs409InThatModeAndStillCreatesOnlyOne() throws Exception {
        String key = api.post("/api/v3/customer/mobile-money", obj("phone_number", "+254700000001",
                "country_code", "KE")).data().get("customer_key").asText();
        String wallet = WalletBook.fundedWalletId("KES");
        assertThat(api.post("/api/v3/deposit/mobile-money", obj("customer_key", key, "amount", 5,
                "wallet_id", wallet, "reference_id", "dup-409")).status()).isEqualTo(200);
        SandboxClient.Answer again = api.post("/api/v3/deposit/mobile-money", obj("customer_key", key, "amount", 5,
                "wallet_id", wallet, "reference_id", "dup-409"));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.message()).isEqualTo("Reference already used");
        assertThat(again.body().get("error_code").asInt()).isEqualTo(409);
        long matching = 0;
        for (JsonNode row : api.get("/sandbox/transactions").body().get("transactions")) {
            if (row.get("reference").asText().equals("dup-409")) {
                matching++;
                assertThat(row.get("createCalls").asInt()).isEqualTo(2);
            }
        }
        assertThat(matching).isEqualTo(1);
    }
}

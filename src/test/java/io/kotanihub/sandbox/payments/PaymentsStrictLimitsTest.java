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

/** A sandbox with tiny rate limits and the 409 duplicate mode. */
class PaymentsStrictLimitsTest {

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

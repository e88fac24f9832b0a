package io.kotanihub.sandbox.payments;

import static io.kotanihub.sandbox.payments.SandboxClient.obj;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.kotanihub.sandbox.SandboxProperties;
import io.kotanihub.sandbox.SandboxServer;
import io.kotanihub.sandbox.wallets.WalletBook;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The sandbox's customers, wallets, deposits and withdrawals over real HTTP: envelopes, casing, validation,
 * duplicate references, the phone-outcome table, balances and fault injection.
 */
class PaymentsSandboxTest {

    static final String KEY = "sk_test_payments";
    static final String KES_WALLET = WalletBook.fundedWalletId("KES");

    static ConfigurableApplicationContext sandbox;
    static SandboxClient api;

    @BeforeAll
    static void start() {
        SandboxProperties props = new SandboxProperties();
        props.setPort(0);
        props.setApiKeys(new ArrayList<>(List.of(KEY)));
        props.setUserBoundKeys(Map.of("sk_user_deposits_only", List.of("deposit")));
        props.setSettleDelay(Duration.ofMillis(150));
        props.setStepDelay(Duration.ofMillis(20));
        props.setWallets(new java.util.LinkedHashMap<>(Map.of("KES", new BigDecimal("100000"),
                "UGX", new BigDecimal("5000000"), "ZAR", new BigDecimal("2500.50"))));
        SandboxProperties.Tier roomy = new SandboxProperties.Tier(100_000, Duration.ofMinutes(1), 100_000,
                Duration.ofSeconds(5));
        props.getRateLimits().setRead(roomy);
        props.getRateLimits().setGeneral(roomy);
        sandbox = SandboxServer.start(props);
        api = new SandboxClient(SandboxServer.port(sandbox), KEY);
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @BeforeEach
    void reset() throws Exception {
        assertThat(api.post("/sandbox/reset", "{}").status()).isEqualTo(200);
    }

    // ---- helpers ----

    static String customer(String phone, String country) throws Exception {
        SandboxClient.Answer created = api.post("/api/v3/customer/mobile-money",
                obj("phone_number", phone, "country_code", country, "account_name", "Jane Doe"));
        assertThat(created.status()).isEqualTo(200);
        return created.data().get("customer_key").asText();
    }

    static SandboxClient.Answer payout(String customerKey, String amount, String reference) throws Exception {
        return api.post("/api/v3/withdraw/mobile-money", obj("customer_key", customerKey,
                "amount", new BigDecimal(amount), "walletId", KES_WALLET, "referenceId", reference));
    }

    static JsonNode withdrawal(String reference) throws Exception {
        SandboxClient.Answer status = api.get("/api/v3/withdraw/status/" + reference);
        assertThat(status.status()).isEqualTo(200);
        return status.data();
    }

    static JsonNode deposit(String reference) throws Exception {
        SandboxClient.Answer status = api.get("/api/v3/deposit/mobile-money/status/" + reference);
        assertThat(status.status()).isEqualTo(200);
        return status.data();
    }

    static BigDecimal balance(String walletId, String field) throws Exception {
        return api.get("/api/v3/wallet/fiat/" + walletId).data().get(field).decimalValue();
    }

    static JsonNode controlRow(String reference) throws Exception {
        for (JsonNode row : api.get("/sandbox/transactions").body().get("transactions")) {
            if (row.get("reference").asText().equals(reference)) {
                return row;
            }
        }
        return null;
    }

    // ---- customers ----

    @Test
    void customersAreCreatedFetchedListedPatchedAndFoundByPhone() throws Exception {
        SandboxClient.Answer created = api.post("/api/v3/customer/mobile-money", obj("phone_number", "+254711000111",
                "country_code", "KEN", "network", "MPESA", "account_name", "Wanjiku Kamau"));
        assertThat(created.status()).isEqualTo(200);
        assertThat(created.body().get("success").asBoolean()).isTrue();
        assertThat(created.message()).isEqualTo("Customer has been successfully created.");
        JsonNode customer = created.data();
        String key = customer.get("customer_key").asText();
        assertThat(customer.get("id").asText()).matches("[0-9a-f]{24}");
        assertThat(customer.get("country_code").asText()).isEqualTo("KE");
        assertThat(customer.get("phone_number").asText()).isEqualTo("+254711000111");
        assertThat(customer.get("integrator").asText()).isNotBlank();

        SandboxClient.Answer fetched = api.get("/api/v3/customer/mobile-money/" + key);
        assertThat(fetched.message()).isEqualTo("Customer fetched successfully.");
        assertThat(fetched.data().get("account_name").asText()).isEqualTo("Wanjiku Kamau");

        SandboxClient.Answer byPhone = api.get("/api/v3/customer/mobile-money/phone/+254711000111");
        assertThat(byPhone.status()).isEqualTo(200);
        assertThat(byPhone.data().get("customer_key").asText()).isEqualTo(key);
        SandboxClient.Answer missing = api.get("/api/v3/customer/mobile-money/phone/+254799999111");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.message()).isEqualTo("Customer not found.");
        assertThat(missing.body().get("error_code").asInt()).isEqualTo(404);
        assertThat(missing.body().get("success").asBoolean()).isFalse();

        SandboxClient.Answer patched = api.patch("/api/v3/customer/mobile-money/" + key,
                obj("country_code", "KE", "account_name", "Wanjiku W Kamau"));
        assertThat(patched.message()).isEqualTo("Bio Data has been successfully updated.");
        assertThat(patched.data().get("account_name").asText()).isEqualTo("Wanjiku W Kamau");
        assertThat(patched.data().get("phone_number").asText()).isEqualTo("+254711000111");

        SandboxClient.Answer list = api.get("/api/v3/customer/mobile-money?page=1&limit=100");
        assertThat(list.message()).isEqualTo("Customers successfully retrieved.");
        assertThat(list.data().findValuesAsText("customer_key")).contains(key);

        assertThat(api.get("/api/v3/customer/mobile-money/cust_nope").status()).isEqualTo(404);
    }

    @Test
    void customerValidationListsEveryProblem() throws Exception {
        SandboxClient.Answer bad = api.post("/api/v3/customer/mobile-money",
                obj("phone_number", "12", "country_code", "XX", "network", "NOPE"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body().get("error_code").asInt()).isEqualTo(400);
        assertThat(bad.message()).startsWith("Validation failed: ");
        List<String> errors = new ArrayList<>();
        bad.data().get("errors").forEach(e -> errors.add(e.asText()));
        assertThat(errors).hasSize(3).anyMatch(e -> e.startsWith("country_code"))
                .anyMatch(e -> e.startsWith("phone_number")).anyMatch(e -> e.startsWith("network"));
        assertThat(bad.message()).contains(errors.get(0)).contains(errors.get(1)).contains(errors.get(2));
    }

    // ---- wallets ----

    @Test
    void fundedWalletsExistWithStableIdsAndBalancesComeBackOnReset() throws Exception {
        SandboxClient.Answer list = api.get("/api/v3/wallet/fiat");
        assertThat(list.message()).isEqualTo("Fiat wallet has been successfully retrieved.");
        assertThat(list.data().findValuesAsText("currency")).containsExactlyInAnyOrder("KES", "UGX", "ZAR");
        JsonNode zar = api.get("/api/v3/wallet/fiat/currency/ZAR").data();
        assertThat(zar.get("id").asText()).isEqualTo(WalletBook.fundedWalletId("ZAR"));
        assertThat(zar.get("balance").decimalValue()).isEqualByComparingTo("2500.50");
        assertThat(zar.get("balance").toString()).isEqualTo("2500.5");
        assertThat(zar.get("deposit_balance").decimalValue()).isEqualByComparingTo("0");
        assertThat(zar.get("type").asText()).isEqualTo("fiat");
        assertThat(zar.get("status").asText()).isEqualTo("active");

        String key = customer("+254711000222", "KE");
        assertThat(payout(key, "1000", "w-reset-1").status()).isEqualTo(200);
        assertThat(balance(KES_WALLET, "balance")).isEqualByComparingTo("99000");
        api.post("/sandbox/reset", "{}");
        assertThat(balance(KES_WALLET, "balance")).isEqualByComparingTo("100000");
        assertThat(api.get("/api/v3/wallet/fiat/" + KES_WALLET).message())
                .isEqualTo("The wallet has been successfully retrieved.");
        SandboxClient.Answer unknown = api.get("/api/v3/wallet/fiat/000000000000000000000000");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.message()).isEqualTo("Wallet Not Found");
    }

    // ---- withdrawals ----

    @Test
    void mobileMoneyPayoutIsDebitedAtCreationAndSucceeds() throws Exception {
        String key = customer("+254700000001", "KE");
        SandboxClient.Answer created = payout(key, "500", "pay-ok-1");
        assertThat(created.status()).isEqualTo(200);
        assertThat(created.message()).isEqualTo("Withdrawal has been successfully created.");
        assertThat(created.data().get("referenceId").asText()).isEqualTo("pay-ok-1");
        assertThat(created.data().get("referenceNumber").isNumber()).isTrue();
        assertThat(balance(KES_WALLET, "balance")).isEqualByComparingTo("99500");

        await().atMost(Duration.ofSeconds(5)).until(() -> withdrawal("pay-ok-1").get("status").asText().equals("SUCCESSFUL"));
        JsonNode status = withdrawal("pay-ok-1");
        assertThat(status.get("amount").decimalValue()).isEqualByComparingTo("500");
        assertThat(status.get("transactionCost").decimalValue()).isEqualByComparingTo("8");
        assertThat(status.get("transactionAmount").decimalValue()).isEqualByComparingTo("492");
        assertThat(status.get("customerKey").asText()).isEqualTo(key);
        assertThat(status.get("walletId").asText()).isEqualTo(KES_WALLET);
        assertThat(status.get("telcoId").asText()).matches("[A-Z0-9]{10}");
        assertThat(status.get("created_at").asText()).endsWith("Z");
        assertThat(status.get("completed_at").asText()).endsWith("Z");
        assertThat(balance(KES_WALLET, "balance")).isEqualByComparingTo("99500");
        assertThat(withdrawal(status.get("telcoId").asText()).get("referenceId").asText()).isEqualTo("pay-ok-1");

        List<String> history = new ArrayList<>();
        controlRow("pay-ok-1").get("history").forEach(h -> history.add(h.get("status").asText()));
        assertThat(history).containsExactly("PENDING", "INITIATED", "IN_PROGRESS", "SUCCESSFUL");
    }
}

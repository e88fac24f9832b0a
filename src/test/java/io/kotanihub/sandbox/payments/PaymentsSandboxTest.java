package io.kotanihub.sandbox.payments;

import static io.kotanihub.sandbox.payments.SandboxClient.obj;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;
import io.kotanihub.sandbox.SandboxProperties;
import io.kotanihub.sandbox.SandboxServer;
import io.kotanihub.sandbox.webhooks.CapturingReceiver;
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
        props.setWallets(new LinkedHashMap<>(Map.of("KES", new BigDecimal("100000"),
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

    @Test
    void everyPhoneOutcomeEndsPayoutsAsTheTableSaysAndFailuresGiveTheDebitBack() throws Exception {
        Map<String, String[]> table = new LinkedHashMap<>();
        table.put("+254700000001", new String[] {"SUCCESSFUL", ""});
        table.put("+256700000002", new String[] {"SUCCESSFUL", ""});
        table.put("+254700000010", new String[] {"FAILED", "Insufficient funds"});
        table.put("+233700000011", new String[] {"FAILED", "Account not found"});
        table.put("+254700000012", new String[] {"FAILED", "Transaction limit exceeded"});
        table.put("+254700000013", new String[] {"CANCELLED", "Cancelled by customer"});
        table.put("+254700000021", new String[] {"SUCCESSFUL", ""});
        table.put("+254712345678", new String[] {"SUCCESSFUL", ""});
        int i = 0;
        for (String phone : table.keySet()) {
            String key = customer(phone, "KE");
            assertThat(payout(key, "1000", "outcome-" + i++).status()).isEqualTo(200);
        }
        String stuck = customer("+254700000020", "KE");
        assertThat(payout(stuck, "1000", "outcome-stuck").status()).isEqualTo(200);

        i = 0;
        for (Map.Entry<String, String[]> row : table.entrySet()) {
            String reference = "outcome-" + i++;
            String expected = row.getValue()[0];
            await().atMost(Duration.ofSeconds(10)).until(() -> withdrawal(reference).get("status").asText().equals(expected));
            JsonNode status = withdrawal(reference);
            assertThat(status.get("errorMessage").asText()).as(row.getKey()).isEqualTo(row.getValue()[1]);
            if (expected.equals("SUCCESSFUL")) {
                assertThat(status.get("transactionError").isNull()).isTrue();
            } else {
                assertThat(status.get("transactionError").asText()).isNotBlank();
                assertThat(status.get("telcoId").isNull()).isTrue();
            }
        }
        // nine payouts debited at creation, the four failures reversed: 100000 - 9 * 1000 + 4 * 1000
        assertThat(balance(KES_WALLET, "balance")).isEqualByComparingTo("95000");
        JsonNode stuckStatus = withdrawal("outcome-stuck");
        assertThat(stuckStatus.get("status").asText()).isEqualTo("INITIATED");
        assertThat(stuckStatus.get("completed_at").isNull()).isTrue();
        List<String> failedHistory = new ArrayList<>();
        controlRow("outcome-2").get("history").forEach(h -> failedHistory.add(h.get("status").asText()));
        assertThat(failedHistory).containsExactly("PENDING", "INITIATED", "FAILED");
    }

    @Test
    void theSlowNumberTakesTwelveSettleDelays() throws Exception {
        String key = customer("+254700000021", "KE");
        long start = System.nanoTime();
        payout(key, "10", "slow-1");
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> withdrawal("slow-1").get("status").asText().equals("SUCCESSFUL"));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(1800));
    }

    @Test
    void payoutsShortOfBalanceAreRefusedAndCreateNothing() throws Exception {
        String key = customer("+254712000333", "KE");
        SandboxClient.Answer refused = payout(key, "100000.01", "too-much");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.message()).isEqualTo("Insufficient funds in fiat wallet");
        assertThat(refused.body().get("success").asBoolean()).isFalse();
        assertThat(balance(KES_WALLET, "balance")).isEqualByComparingTo("100000");
        assertThat(api.get("/api/v3/withdraw/status/too-much").status()).isEqualTo(404);
        assertThat(controlRow("too-much")).isNull();
        assertThat(payout(key, "100000", "all-of-it").status()).isEqualTo(200);
        assertThat(balance(KES_WALLET, "balance")).isEqualByComparingTo("0");
    }

    @Test
    void aReusedWithdrawalReferenceIsRefusedAndDebitsOnce() throws Exception {
        String key = customer("+254700000001", "KE");
        assertThat(payout(key, "250", "dup-w").status()).isEqualTo(200);
        SandboxClient.Answer again = payout(key, "250", "dup-w");
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.message()).isEqualTo("Duplicate referenceId");
        assertThat(again.body().get("error_code").asInt()).isEqualTo(400);
        assertThat(balance(KES_WALLET, "balance")).isEqualByComparingTo("99750");
        JsonNode row = controlRow("dup-w");
        assertThat(row.get("createCalls").asInt()).isEqualTo(2);
        assertThat(row.get("family").asText()).isEqualTo("WITHDRAWAL");
        assertThat(row.get("type").asText()).isEqualTo("withdraw/mobile-money");
        assertThat(row.get("amount").decimalValue()).isEqualByComparingTo("250");
        assertThat(row.get("currency").asText()).isEqualTo("KES");
        assertThat(api.get("/sandbox/transactions").body().get("count").asInt()).isEqualTo(1);
    }

    @Test
    void aReusedDepositReferenceIsRefused() throws Exception {
        String key = customer("+254700000001", "KE");
        SandboxClient.Answer first = api.post("/api/v3/deposit/mobile-money", obj("customer_key", key,
                "amount", 100, "wallet_id", KES_WALLET, "reference_id", "dup-d"));
        assertThat(first.status()).isEqualTo(200);
        SandboxClient.Answer again = api.post("/api/v3/deposit/mobile-money", obj("customer_key", key,
                "amount", 100, "wallet_id", KES_WALLET, "reference_id", "dup-d"));
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.message()).isEqualTo("Reference already used");
        assertThat(controlRow("dup-d").get("createCalls").asInt()).isEqualTo(2);
        assertThat(api.get("/sandbox/transactions").body().get("count").asInt()).isEqualTo(1);
    }

    @Test
    void rejectedCreatesStillCountAsCreateCalls() throws Exception {
        SandboxClient.Answer invalid = api.post("/api/v3/withdraw/mobile-money",
                obj("referenceId", "counted-1", "amount", -5));
        assertThat(invalid.status()).isEqualTo(400);
        String key = customer("+254700000001", "KE");
        assertThat(payout(key, "5", "counted-1").status()).isEqualTo(200);
        assertThat(controlRow("counted-1").get("createCalls").asInt()).isEqualTo(2);
    }

    // ---- deposits ----

    @Test
    void depositsFollowThePhoneTableAndSuccessCreditsTheDepositBalanceOnReconciliation() throws Exception {
        String ok = customer("+254700000001", "KE");
        String poor = customer("+254700000010", "KE");
        String cancels = customer("+254700000013", "KE");
        SandboxClient.Answer created = api.post("/api/v3/deposit/mobile-money", obj("customer_key", ok,
                "amount", new BigDecimal("1000"), "wallet_id", KES_WALLET, "reference_id", "dep-ok",
                "callback_url", "https://erp.example/callback"));
        assertThat(created.status()).isEqualTo(200);
        assertThat(created.message()).isEqualTo("Deposit has been successfully created.");
        JsonNode data = created.data();
        assertThat(data.get("reference_id").asText()).isEqualTo("dep-ok");
        assertThat(data.get("customer_key").asText()).isEqualTo(ok);
        assertThat(data.get("reference_number").isNumber()).isTrue();
        assertThat(data.get("redirect_url").asText()).isEmpty();
        assertThat(api.post("/api/v3/deposit/mobile-money", obj("customer_key", poor, "amount", 500,
                "wallet_id", KES_WALLET, "reference_id", "dep-poor")).status()).isEqualTo(200);
        assertThat(api.post("/api/v3/deposit/mobile-money", obj("customer_key", cancels, "amount", 500,
                "wallet_id", KES_WALLET, "reference_id", "dep-cancel")).status()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(5)).until(() -> deposit("dep-ok").get("status").asText().equals("SUCCESSFUL"));
        JsonNode status = deposit("dep-ok");
        assertThat(status.get("amount").decimalValue()).isEqualByComparingTo("1000");
        assertThat(status.get("transaction_cost").decimalValue()).isEqualByComparingTo("15");
        assertThat(status.get("transaction_amount").decimalValue()).isEqualByComparingTo("1015");
        assertThat(status.get("wallet_id").asText()).isEqualTo(KES_WALLET);
        assertThat(status.get("currency").asText()).isEqualTo("KES");
        assertThat(status.get("callback_url").asText()).isEqualTo("https://erp.example/callback");
        assertThat(status.get("telco_id").asText()).matches("[A-Z0-9]{10}");
        assertThat(deposit(status.get("telco_id").asText()).get("reference_id").asText()).isEqualTo("dep-ok");
        await().atMost(Duration.ofSeconds(10)).until(() -> balance(KES_WALLET, "deposit_balance").signum() > 0);
        assertThat(balance(KES_WALLET, "deposit_balance")).isEqualByComparingTo("1000");
        assertThat(balance(KES_WALLET, "balance")).isEqualByComparingTo("100000");
        JsonNode reconciled = deposit("dep-ok");
        assertThat(reconciled.get("initialDepositBalance").decimalValue()).isEqualByComparingTo("0");
        assertThat(reconciled.get("finalDepositBalance").decimalValue()).isEqualByComparingTo("1000");

        await().atMost(Duration.ofSeconds(5)).until(() -> deposit("dep-poor").get("status").asText().equals("FAILED"));
        JsonNode failed = deposit("dep-poor");
        assertThat(failed.get("error_message").asText()).isEqualTo("Insufficient funds");
        assertThat(failed.get("error_code").asText()).isEqualTo("INSUFFICIENT_FUNDS");
        assertThat(failed.get("transaction_amount").decimalValue()).isEqualByComparingTo("0");
        await().atMost(Duration.ofSeconds(5)).until(() -> deposit("dep-cancel").get("status").asText().equals("CANCELLED"));
        assertThat(deposit("dep-cancel").get("error_message").asText()).isEqualTo("Cancelled by customer");

        SandboxClient.Answer list = api.get("/api/v3/deposit/mobile-money/transactions?status=FAILED");
        assertThat(list.body().has("success")).isFalse();
        assertThat(list.data().size()).isEqualTo(1);
        assertThat(list.data().get(0).get("reference_id").asText()).isEqualTo("dep-poor");
        assertThat(list.body().get("meta").get("total").asInt()).isEqualTo(1);
        assertThat(list.body().get("meta").get("per_page").asInt()).isEqualTo(20);
        SandboxClient.Answer all = api.get("/api/v3/deposit/mobile-money/transactions?per_page=2&page=2");
        assertThat(all.body().get("meta").get("total").asInt()).isEqualTo(3);
        assertThat(all.body().get("meta").get("total_pages").asInt()).isEqualTo(2);
        assertThat(all.data().size()).isEqualTo(1);

        assertThat(api.get("/api/v3/deposit/mobile-money/status/nope").status()).isEqualTo(404);
    }

    @Test
    void depositsNeedAnExistingCustomerAndWallet() throws Exception {
        SandboxClient.Answer noCustomer = api.post("/api/v3/deposit/mobile-money", obj("customer_key", "cust_missing",
                "amount", 10, "wallet_id", KES_WALLET, "reference_id", "dep-nocust"));
        assertThat(noCustomer.status()).isEqualTo(404);
        assertThat(noCustomer.message()).isEqualTo("Customer not found.");
        String key = customer("+254700000001", "KE");
        SandboxClient.Answer noWallet = api.post("/api/v3/deposit/mobile-money", obj("customer_key", key,
                "amount", 10, "wallet_id", "ffffffffffffffffffffffff", "reference_id", "dep-nowallet"));
        assertThat(noWallet.status()).isEqualTo(404);
        assertThat(noWallet.message()).isEqualTo("Wallet Not Found");
        SandboxClient.Answer wrongCurrency = api.post("/api/v3/deposit/mobile-money", obj("customer_key", key,
                "amount", 10, "wallet_id", WalletBook.fundedWalletId("UGX"), "reference_id", "dep-ugx"));
        assertThat(wrongCurrency.status()).isEqualTo(400);
        assertThat(api.get("/sandbox/transactions").body().get("count").asInt()).isZero();
    }

    // ---- other payout channels ----

    @Test
    void paybillAndLipaNaMpesaNeedAKesWalletAndFollowTheShortcodeTable() throws Exception {
        SandboxClient.Answer ugx = api.post("/api/v3/withdraw/paybill", obj("amount", 100,
                "walletId", WalletBook.fundedWalletId("UGX"), "referenceId", "pb-ugx",
                "paybillDetails", obj("paybillNumber", "400200", "accountNumber", "ACC-1")));
        assertThat(ugx.status()).isEqualTo(400);
        assertThat(ugx.message()).isEqualTo("Lipa na M-Pesa/Paybill only available for Kenya (KES)");
        SandboxClient.Answer tillUgx = api.post("/api/v3/withdraw/lipa-na-mpesa", obj("amount", 100,
                "walletId", WalletBook.fundedWalletId("UGX"), "lipaNaMpesaDetails", obj("businessShortcode", "174379")));
        assertThat(tillUgx.message()).isEqualTo("Lipa na M-Pesa/Paybill only available for Kenya (KES)");

        SandboxClient.Answer paybill = api.post("/api/v3/withdraw/paybill", obj("amount", 100,
                "walletId", KES_WALLET, "referenceId", "pb-ok",
                "paybillDetails", obj("paybillNumber", "400200", "accountNumber", "ACC-1")));
        assertThat(paybill.status()).isEqualTo(200);
        assertThat(paybill.message()).isEqualTo("Paybill withdrawal has been successfully created.");
        assertThat(api.post("/api/v3/withdraw/paybill", obj("amount", 100, "walletId", KES_WALLET,
                "referenceId", "pb-missing", "paybillDetails", obj("paybillNumber", "100002", "accountNumber", "A")))
                .status()).isEqualTo(200);
        SandboxClient.Answer till = api.post("/api/v3/withdraw/lipa-na-mpesa", obj("amount", 100,
                "walletId", KES_WALLET, "referenceId", "till-err",
                "lipaNaMpesaDetails", obj("businessShortcode", "100003")));
        assertThat(till.message()).isEqualTo("Lipa na M-Pesa withdrawal has been successfully created.");
        assertThat(api.post("/api/v3/withdraw/lipa-na-mpesa", obj("amount", 100, "walletId", KES_WALLET,
                "referenceId", "till-phone", "lipaNaMpesaDetails",
                obj("businessShortcode", "174379", "phoneNumber", "+254700000013"))).status()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(5)).until(() -> withdrawal("pb-ok").get("status").asText().equals("SUCCESSFUL"));
        await().atMost(Duration.ofSeconds(5)).until(() -> withdrawal("pb-missing").get("status").asText().equals("FAILED"));
        await().atMost(Duration.ofSeconds(5)).until(() -> withdrawal("till-err").get("status").asText().equals("FAILED"));
        await().atMost(Duration.ofSeconds(5)).until(() -> withdrawal("till-phone").get("status").asText().equals("CANCELLED"));
        assertThat(withdrawal("pb-missing").get("errorMessage").asText()).isEqualTo("Business number not found");
        assertThat(withdrawal("pb-ok").get("customerKey").isNull()).isTrue();
        assertThat(balance(KES_WALLET, "balance")).isEqualByComparingTo("99900");
    }

    @Test
    void bankPayoutsNeedAReferenceAndEndByPhoneOrAccountNumber() throws Exception {
        SandboxClient.Answer invalid = api.post("/api/v3/withdraw/v2/bank", obj("amount", 100, "currency", "KES",
                "bankDetails", obj("name", "Jane", "country", "KE")));
        assertThat(invalid.status()).isEqualTo(400);
        List<String> errors = new ArrayList<>();
        invalid.data().get("errors").forEach(e -> errors.add(e.asText()));
        assertThat(errors).containsExactlyInAnyOrder("referenceId should not be empty",
                "bankDetails.bankCode should not be empty", "bankDetails.accountNumber should not be empty");

        String[][] cases = {
                {"bank-ok", "1234567890", null, "SUCCESSFUL", ""},
                {"bank-notfound", "1000000005", null, "FAILED", "Account not found"},
                {"bank-6", "1000000006", null, "FAILED", "Bank account not supported"},
                {"bank-7", "1000000007", null, "FAILED", "Provider error"},
                {"bank-phone", "1234567890", "+254700000012", "FAILED", "Transaction limit exceeded"}};
        for (String[] c : cases) {
            SandboxClient.Answer created = api.post("/api/v3/withdraw/v2/bank", obj("amount", new BigDecimal("100.50"),
                    "currency", "ZAR", "referenceId", c[0], "bankDetails", obj("name", "Jane Doe", "bankCode", "250655",
                            "bankName", "FNB", "accountNumber", c[1], "country", "ZAF", "phoneNumber", c[2])));
            assertThat(created.status()).as(c[0]).isEqualTo(200);
        }
        for (String[] c : cases) {
            await().atMost(Duration.ofSeconds(5)).until(() -> api.get("/api/v3/withdraw/v2/bank/status/" + c[0])
                    .data().get("status").asText().equals(c[3]));
            assertThat(withdrawal(c[0]).get("errorMessage").asText()).isEqualTo(c[4]);
        }
        JsonNode ok = withdrawal("bank-ok");
        assertThat(ok.get("transactionCost").decimalValue()).isEqualByComparingTo("1.51");
        assertThat(ok.get("transactionAmount").decimalValue()).isEqualByComparingTo("98.99");
        assertThat(ok.get("currency").asText()).isEqualTo("ZAR");
        assertThat(balance(WalletBook.fundedWalletId("ZAR"), "balance")).isEqualByComparingTo("2400");
        assertThat(api.get("/api/v3/withdraw/v2/bank/status/nope").message()).isEqualTo("Reference Id not found");

        SandboxClient.Answer list = api.get("/api/v3/withdraw/transactions?currency=ZAR&status=FAILED");
        assertThat(list.body().get("meta").get("total").asInt()).isEqualTo(4);
        assertThat(list.data().get(0).has("transaction_error")).isTrue();
        assertThat(list.data().get(0).has("reference_id")).isTrue();
    }

    // ---- wallets: create, lock, transfer ----

    @Test
    void createdWalletsCanBeLockedAndDepositBalanceMovesToThePayoutBalance() throws Exception {
        SandboxClient.Answer created = api.post("/api/v3/wallet/fiat", obj("name", "Ops", "currency", "KES",
                "country", "KEN"));
        assertThat(created.message()).isEqualTo("Fiat wallet has been successfully created.");
        String id = created.data().get("id").asText();
        assertThat(created.data().get("country").asText()).isEqualTo("KE");
        assertThat(created.data().get("balance").decimalValue()).isEqualByComparingTo("0");

        SandboxClient.Answer locked = api.patch("/api/v3/wallet/fiat/" + KES_WALLET, obj("name", "Locked", "locked", true));
        assertThat(locked.message()).isEqualTo("Fiat wallet has been successfully updated.");
        assertThat(locked.data().get("locked").asBoolean()).isTrue();
        String key = customer("+254700000001", "KE");
        SandboxClient.Answer refused = payout(key, "10", "locked-1");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.message()).isEqualTo(WalletBook.LOCKED);
        assertThat(balance(KES_WALLET, "balance")).isEqualByComparingTo("100000");
        api.patch("/api/v3/wallet/fiat/" + KES_WALLET, obj("name", "KES Payout Wallet", "locked", false));

        api.post("/api/v3/deposit/mobile-money", obj("customer_key", key, "amount", 700, "wallet_id", KES_WALLET,
                "reference_id", "fund-1"));
        await().atMost(Duration.ofSeconds(10)).until(() -> balance(KES_WALLET, "deposit_balance").signum() > 0);
        SandboxClient.Answer moved = api.post("/api/v3/wallet/transfer/deposit-balance",
                obj("walletId", KES_WALLET, "amount", 200));
        assertThat(moved.message()).isEqualTo("Transfer deposit balance has been successfully done.");
        assertThat(moved.data().get("balance").decimalValue()).isEqualByComparingTo("100200");
        assertThat(moved.data().get("deposit_balance").decimalValue()).isEqualByComparingTo("500");
        SandboxClient.Answer rest = api.post("/api/v3/wallet/transfer/deposit-balance", obj("walletId", KES_WALLET));
        assertThat(rest.data().get("balance").decimalValue()).isEqualByComparingTo("100700");
        assertThat(rest.data().get("deposit_balance").decimalValue()).isEqualByComparingTo("0");
        assertThat(api.post("/api/v3/wallet/transfer/deposit-balance", obj("walletId", "nope")).status()).isEqualTo(404);

        api.post("/sandbox/reset", "{}");
        assertThat(api.get("/api/v3/wallet/fiat/" + id).status()).isEqualTo(404);
        assertThat(api.get("/api/v3/wallet/fiat/" + KES_WALLET).data().get("name").asText()).isEqualTo("KES Payout Wallet");
    }

    // ---- auth and error shapes ----

    @Test
    void missingOrWrongKeysAre401AndUserBoundKeysWithoutPermissionAre403() throws Exception {
        SandboxClient.Answer missing = api.withKey(null).get("/api/v3/wallet/fiat");
        assertThat(missing.status()).isEqualTo(401);
        assertThat(missing.body().get("success").asBoolean()).isFalse();
        assertThat(missing.body().get("error_code").asInt()).isEqualTo(401);
        SandboxClient.Answer wrong = api.withKey("sk_wrong").post("/api/v3/withdraw/mobile-money", obj());
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.message()).isEqualTo("Invalid API Key");
        SandboxClient userBound = api.withKey("sk_user_deposits_only");
        SandboxClient.Answer forbidden = userBound.post("/api/v3/withdraw/mobile-money", obj());
        assertThat(forbidden.status()).isEqualTo(403);
        assertThat(forbidden.body().get("error_code").asInt()).isEqualTo(403);
        assertThat(userBound.get("/api/v3/deposit/mobile-money/status/none").status()).isEqualTo(404);
        assertThat(api.get("/sandbox/transactions").body().get("count").asInt()).isZero();
    }

    @Test
    void validationListsEveryErrorAndMalformedJsonIsA400() throws Exception {
        SandboxClient.Answer empty = api.post("/api/v3/withdraw/mobile-money", obj("callbackUrl", "not a url"));
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.message()).isEqualTo("Validation failed: customer_key should not be empty, amount must be "
                + "a positive number, walletId should not be empty, callbackUrl must be a URL address");
        assertThat(empty.data().get("errors").size()).isEqualTo(4);
        SandboxClient.Answer malformed = api.postRaw("/api/v3/deposit/mobile-money", "{\"customer_key\": ");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.body().get("success").asBoolean()).isFalse();
        assertThat(malformed.body().get("error_code").asInt()).isEqualTo(400);
        SandboxClient.Answer array = api.postRaw("/api/v3/deposit/mobile-money", "[1,2]");
        assertThat(array.status()).isEqualTo(400);
        SandboxClient.Answer stringAmount = api.post("/api/v3/deposit/mobile-money", obj("customer_key", "c",
                "amount", "100", "wallet_id", KES_WALLET));
        assertThat(stringAmount.data().get("errors").get(0).asText()).isEqualTo("amount must be a positive number");
        SandboxClient.Answer badPage = api.get("/api/v3/withdraw/transactions?page=abc&per_page=500");
        assertThat(badPage.status()).isEqualTo(400);
        assertThat(badPage.message()).isEqualTo("Validation failed: page must not be less than 1, "
                + "per_page must be between 1 and 100");
        assertThat(api.get("/api/v3/withdraw/v2/bank/supporting-banks/ZAR").data().findValuesAsText("name"))
                .contains("Capitec", "FNB");
    }

    // ---- faults ----

    @Test
    void anInjectedErrorIsA500AndCreatesNothing() throws Exception {
        String key = customer("+254700000001", "KE");
        api.post("/sandbox/faults", obj("errorRate", 1.0));
        SandboxClient.Answer failed = payout(key, "10", "fault-500");
        assertThat(failed.status()).isEqualTo(500);
        assertThat(failed.body().get("success").asBoolean()).isFalse();
        api.post("/sandbox/faults", obj("errorRate", 0.0));
        assertThat(controlRow("fault-500")).isNull();
        assertThat(balance(KES_WALLET, "balance")).isEqualByComparingTo("100000");
    }

    @Test
    void injectedLatencyDelaysTheAnswer() throws Exception {
        api.post("/sandbox/faults", obj("latencyMs", 300));
        long start = System.nanoTime();
        assertThat(api.get("/api/v3/wallet/fiat").status()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    @Test
    void aRateLimitStormAnswers429WithRetryAfterAndCreatesNothing() throws Exception {
        String key = customer("+254700000001", "KE");
        api.post("/sandbox/faults", obj("rateLimitStorm", 2, "stormRetryAfter", 3));
        for (int i = 0; i < 2; i++) {
            SandboxClient.Answer limited = payout(key, "10", "storm-1");
            assertThat(limited.status()).isEqualTo(429);
            assertThat(limited.body().get("statusCode").asInt()).isEqualTo(429);
            assertThat(limited.body().get("data").get("retryAfter").asInt()).isEqualTo(3);
            assertThat(limited.raw().headers().firstValue("Retry-After")).contains("3");
        }
        assertThat(controlRow("storm-1")).isNull();
        assertThat(payout(key, "10", "storm-1").status()).isEqualTo(200);
        assertThat(controlRow("storm-1").get("createCalls").asInt()).isEqualTo(1);
    }

    @Test
    void aDroppedResponseLeavesTheClientBlindButThePayoutExists() throws Exception {
        String key = customer("+254700000001", "KE");
        api.post("/sandbox/faults", obj("dropResponseRate", 1.0));
        assertThatThrownBy(() -> payout(key, "300", "dropped-1"))
                .isInstanceOf(IOException.class);
        api.post("/sandbox/faults", obj("dropResponseRate", 0.0));
        JsonNode row = controlRow("dropped-1");
        assertThat(row).isNotNull();
        assertThat(row.get("createCalls").asInt()).isEqualTo(1);
        assertThat(balance(KES_WALLET, "balance")).isEqualByComparingTo("99700");
        await().atMost(Duration.ofSeconds(5)).until(() -> withdrawal("dropped-1").get("status").asText().equals("SUCCESSFUL"));
        SandboxClient.Answer retry = payout(key, "300", "dropped-1");
        assertThat(retry.message()).isEqualTo("Duplicate referenceId");
        assertThat(balance(KES_WALLET, "balance")).isEqualByComparingTo("99700");
    }

    @Test
    void aLateCorrectionReportsCancelledThenSuccessfulAndTheBalanceEndsDebitedOnce() throws Exception {
        String key = customer("+254700000001", "KE");
        api.post("/sandbox/faults", obj("lateCorrectionRate", 1.0));
        assertThat(payout(key, "400", "late-1").status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(5)).until(() -> withdrawal("late-1").get("status").asText().equals("SUCCESSFUL"));
        List<String> history = new ArrayList<>();
        controlRow("late-1").get("history").forEach(h -> history.add(h.get("status").asText()));
        assertThat(history).containsExactly("PENDING", "INITIATED", "IN_PROGRESS", "CANCELLED", "SUCCESSFUL");
        assertThat(balance(KES_WALLET, "balance")).isEqualByComparingTo("99600");
        assertThat(withdrawal("late-1").get("errorMessage").asText()).isEmpty();
    }

    @Test
    void resetForgetsTransactionsAndControlListsThem() throws Exception {
        String key = customer("+254700000020", "KE");
        payout(key, "1", "ctl-1");
        api.post("/api/v3/deposit/mobile-money", obj("customer_key", key, "amount", 2, "wallet_id", KES_WALLET,
                "reference_id", "ctl-2"));
        JsonNode control = api.get("/sandbox/transactions").body();
        assertThat(control.get("count").asInt()).isEqualTo(2);
        assertThat(control.get("transactions").findValuesAsText("reference")).containsExactly("ctl-1", "ctl-2");
        assertThat(controlRow("ctl-2").get("family").asText()).isEqualTo("DEPOSIT");
        assertThat(api.post("/sandbox/reset", "{}").body().get("reset").asBoolean()).isTrue();
        assertThat(api.get("/sandbox/transactions").body().get("count").asInt()).isZero();
        assertThat(api.get("/api/v3/withdraw/status/ctl-1").status()).isEqualTo(404);
        assertThat(api.get("/api/v3/customer/mobile-money/" + key).status()).isEqualTo(200);
    }

    // ---- webhooks ----

    @Test
    void everyStatusChangeIsPublishedWithTheReferencePayloadShapes() throws Exception {
        try (CapturingReceiver receiver = new CapturingReceiver()) {
            String key = customer("+254700000001", "KE");
            String poor = customer("+254700000010", "KE");
            api.post("/api/v3/deposit/mobile-money", obj("customer_key", key, "amount", 1000, "wallet_id", KES_WALLET,
                    "reference_id", "hook-d", "callback_url", receiver.url("/d")));
            api.post("/api/v3/withdraw/mobile-money", obj("customer_key", poor, "amount", 500, "walletId", KES_WALLET,
                    "referenceId", "hook-w", "callbackUrl", receiver.url("/w")));
            await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received("/d").size() == 3
                    && receiver.received("/w").size() == 2);

            List<JsonNode> deposits = new ArrayList<>();
            for (CapturingReceiver.Received r : receiver.received("/d")) {
                assertThat(r.header("X-Kotani-Event")).isEqualTo("transaction.deposit.status.updated");
                deposits.add(SandboxClient.JSON.readTree(r.body()));
            }
            assertThat(deposits).extracting(d -> d.get("data").get("status").asText())
                    .containsExactly("INITIATED", "IN_PROGRESS", "SUCCESSFUL");
            JsonNode success = deposits.get(2);
            assertThat(fieldNames(success)).containsExactly("event", "data", "signature");
            assertThat(fieldNames(success.get("data"))).containsExactly("status", "reference_id", "reference_number",
                    "id", "amount", "wallet_id", "callback_url", "created_at", "transaction_amount", "transaction_cost",
                    "customer_key", "telco_id", "timestamp");
            assertThat(receiver.received("/d").get(2).bodyText()).contains("\"amount\":1000,")
                    .contains("\"transaction_amount\":1015,\"transaction_cost\":15,");

            List<JsonNode> payouts = new ArrayList<>();
            for (CapturingReceiver.Received r : receiver.received("/w")) {
                assertThat(r.header("X-Kotani-Event")).isEqualTo("transaction.withdrawal.status.updated");
                payouts.add(SandboxClient.JSON.readTree(r.body()).get("data"));
            }
            assertThat(payouts).extracting(d -> d.get("status").asText()).containsExactly("INITIATED", "FAILED");
            assertThat(fieldNames(payouts.get(1))).containsExactly("status", "referenceId", "referenceNumber", "id",
                    "amount", "walletId", "callbackUrl", "created_at", "transactionAmount", "transactionCost",
                    "customerKey", "errorMessage", "transactionError", "timestamp");
            assertThat(payouts.get(1).get("errorMessage").asText()).isEqualTo("Insufficient funds");
            assertThat(payouts.get(1).get("transactionError").asText()).isEqualTo("INSUFFICIENT_FUNDS");
        }
    }

    static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    // ---- account validation ----

    @Test
    void phoneValidationFollowsTheLookupTable() throws Exception {
        JsonNode jane = validatePhone("+254700000001", "Jane M Doe");
        assertThat(jane.get("isValid").asBoolean()).isTrue();
        assertThat(jane.get("isSupported").asBoolean()).isTrue();
        assertThat(jane.get("accountType").asText()).isEqualTo("mobile_money");
        assertThat(jane.get("countryCode").asText()).isEqualTo("KE");
        assertThat(jane.get("network").asText()).isEqualTo("MPESA");
        assertThat(jane.get("mno").asText()).isEqualTo("SAFARICOM KENYA");
        assertThat(jane.get("internationalNumber").asText()).isEqualTo("+254700000001");
        assertThat(jane.get("accountName").asText()).isEqualTo("JANE MARY DOE");
        assertThat(jane.get("nameLookupStatus").asText()).isEqualTo("MATCHED");
        assertThat(jane.has("nameLookupReason")).isFalse();
        assertThat(jane.get("nameMatch").get("matched").asBoolean()).isTrue();
        assertThat(jane.get("nameMatch").get("threshold").asInt()).isEqualTo(70);
        assertThat(jane.get("matchScore").asInt()).isGreaterThanOrEqualTo(70);

        JsonNode robert = validatePhone("+256700000002", "Jane Doe");
        assertThat(robert.get("accountName").asText()).isEqualTo("ROBERT JAMES SMITH");
        assertThat(robert.get("isValid").asBoolean()).isTrue();
        assertThat(robert.get("nameMatch").get("matched").asBoolean()).isFalse();
        assertThat(robert.get("countryCode").asText()).isEqualTo("UG");

        JsonNode notFound = validatePhone("+254700000003", null);
        assertThat(notFound.get("isValid").asBoolean()).isFalse();
        assertThat(notFound.get("nameLookupStatus").asText()).isEqualTo("NOT_FOUND");
        assertThat(notFound.get("nameLookupReason").asText()).isNotBlank();
        assertThat(validatePhone("+254700000004", null).get("nameLookupStatus").asText()).isEqualTo("UNSUPPORTED");
        assertThat(validatePhone("+254700000004", null).get("isValid").asBoolean()).isTrue();
        long start = System.nanoTime();
        assertThat(validatePhone("+254700000005", null).get("nameLookupStatus").asText()).isEqualTo("TIMEOUT");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(45));
        assertThat(validatePhone("+254700000006", null).get("nameLookupStatus").asText()).isEqualTo("ERROR");
        JsonNode masked = validatePhone("+254700000007", "Jane Doe");
        assertThat(masked.get("accountName").asText()).isEqualTo("J*** M*** D**");
        assertThat(masked.get("nameMatch").get("masked").asBoolean()).isTrue();
        assertThat(masked.get("nameMatch").get("matched").asBoolean()).isTrue();

        JsonNode bad = validatePhone("0712", null);
        assertThat(bad.get("isValid").asBoolean()).isFalse();
        SandboxClient.Answer missing = api.post("/api/v3/customer/validate/mobile-money", obj());
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.data().get("errors").get(0).asText()).isEqualTo("phoneNumber should not be empty");

        SandboxClient.Answer acme = api.post("/api/v3/customer/validate/mobile-money",
                obj("accountType", "paybill", "shortCode", "100001", "accountName", "Acme Trading Ltd"));
        assertThat(acme.data().get("accountName").asText()).isEqualTo("ACME TRADING LIMITED");
        assertThat(acme.data().get("accountType").asText()).isEqualTo("paybill");
        assertThat(acme.data().get("countryCode").asText()).isEqualTo("KE");
        JsonNode tillNotFound = api.post("/api/v3/customer/validate/mobile-money",
                obj("accountType", "till", "shortCode", "100002")).data();
        assertThat(tillNotFound.get("isValid").asBoolean()).isFalse();
        assertThat(tillNotFound.get("nameLookupStatus").asText()).isEqualTo("NOT_FOUND");
        assertThat(api.post("/api/v3/customer/validate/mobile-money", obj("accountType", "till", "shortCode", "100003"))
                .data().get("nameLookupStatus").asText()).isEqualTo("ERROR");
    }

    @Test
    void bankValidationFollowsTheAccountTable() throws Exception {
        String[][] table = {
                {"1000000001", "MATCHED", "ACTIVE", "true"}, {"1000000002", "MATCHED", "ACTIVE", "true"},
                {"1000000003", "MATCHED", "FROZEN", "true"}, {"1000000004", "MATCHED", "RESTRICTED", "true"},
                {"1000000005", "NOT_FOUND", null, "false"}, {"1000000006", "UNSUPPORTED", null, "true"},
                {"1000000007", "ERROR", null, "true"}};
        for (String[] row : table) {
            SandboxClient.Answer answer = api.post("/api/v3/customer/validate/bank",
                    obj("accountNumber", row[0], "bankCode", "KCB", "countryCode", "KEN"));
            assertThat(answer.message()).isEqualTo("Bank account validated successfully.");
            JsonNode data = answer.data();
            assertThat(data.get("nameLookupStatus").asText()).as(row[0]).isEqualTo(row[1]);
            assertThat(data.get("isValid").asBoolean()).as(row[0]).isEqualTo(Boolean.parseBoolean(row[3]));
            assertThat(data.path("accountStatus").asText(null)).as(row[0]).isEqualTo(row[2]);
            assertThat(data.get("accountType").asText()).isEqualTo("bank");
            assertThat(data.get("bankName").asText()).isEqualTo("KCB Bank Kenya");
        }
        JsonNode jane = api.post("/api/v3/customer/validate/bank", obj("accountNumber", "1000000001",
                "bankCode", "01", "countryCode", "KE", "accountName", "Doe Jane")).data();
        assertThat(jane.get("accountName").asText()).isEqualTo("JANE MARY DOE");
        assertThat(jane.get("nameMatch").get("matched").asBoolean()).isTrue();
        JsonNode unknownBank = api.post("/api/v3/customer/validate/bank", obj("accountNumber", "1000000001",
                "bankCode", "999", "countryCode", "KE")).data();
        assertThat(unknownBank.get("isSupported").asBoolean()).isFalse();
        assertThat(unknownBank.get("isValid").asBoolean()).isFalse();
        SandboxClient.Answer missing = api.post("/api/v3/customer/validate/bank", obj("bankCode", "01"));
        assertThat(missing.message()).isEqualTo("Validation failed: accountNumber should not be empty, "
                + "countryCode should not be empty");
    }

    static JsonNode validatePhone(String phone, String name) throws Exception {
        SandboxClient.Answer answer = api.post("/api/v3/customer/validate/mobile-money",
                name == null ? obj("phoneNumber", phone) : obj("phoneNumber", phone, "accountName", name));
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.message()).isEqualTo("Phone number validated successfully.");
        return answer.data();
    }

    // ---- country support ----

    @Test
    void countrySupportListsBanksNetworksAndCountries() throws Exception {
        SandboxClient.Answer banks = api.get("/api/v3/customer/support/banks?currency=KES");
        assertThat(banks.status()).isEqualTo(200);
        assertThat(banks.data().findValuesAsText("currency")).isNotEmpty().allMatch("KES"::equals);
        assertThat(banks.data().findValuesAsText("name")).contains("KCB Bank Kenya", "Equity Bank Kenya");
        assertThat(api.get("/api/v3/customer/support/banks?search=fnb").data().get(0).get("code").asText())
                .isEqualTo("250655");
        assertThat(api.get("/api/v3/customer/support/banks").data().findValuesAsText("currency"))
                .contains("KES", "ZAR", "NGN");
        JsonNode networks = api.get("/api/v3/customer/support/networks/KEN").data();
        assertThat(networks.get("countryCode").asText()).isEqualTo("KE");
        assertThat(networks.get("networks").toString()).contains("MPESA", "AIRTEL");
        JsonNode countries = api.get("/api/v3/customer/support/countries?serviceType=WITHDRAW&currency=UGX").data();
        assertThat(countries.size()).isEqualTo(1);
        assertThat(countries.get(0).get("countryCode").asText()).isEqualTo("UG");
        assertThat(countries.get(0).get("iso3Code").asText()).isEqualTo("UGA");
        assertThat(api.get("/api/v3/customer/support/countries/ZZ").message()).isEqualTo("Country not found");
        assertThat(api.get("/api/v3/customer/support/services/deposit").data().get("totalCountries").asInt())
                .isPositive();
    }

    @Test
    void concurrentCreatesWithOneReferenceMakeOnePayoutAndDebitOnce() throws Exception {
        String key = customer("+254700000001", "KE");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                answers.add(pool.submit(() -> payout(key, "125.5", "race-1").status()));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> answer : answers) {
                statuses.add(answer.get());
            }
            assertThat(statuses).containsOnly(200, 400).filteredOn(s -> s == 200).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(balance(KES_WALLET, "balance")).isEqualByComparingTo("99874.5");
        assertThat(controlRow("race-1").get("createCalls").asInt()).isEqualTo(8);
        assertThat(api.get("/sandbox/transactions").body().get("count").asInt()).isEqualTo(1);
    }

    @Test
    void aLateCorrectedDepositIsCreditedOnlyAfterItsCorrection() throws Exception {
        String key = customer("+254700000001", "KE");
        api.post("/sandbox/faults", obj("lateCorrectionRate", 1.0));
        api.post("/api/v3/deposit/mobile-money", obj("customer_key", key, "amount", 250, "wallet_id", KES_WALLET,
                "reference_id", "late-d"));
        await().atMost(Duration.ofSeconds(5)).until(() -> deposit("late-d").get("status").asText().equals("SUCCESSFUL"));
        List<String> history = new ArrayList<>();
        controlRow("late-d").get("history").forEach(h -> history.add(h.get("status").asText()));
        assertThat(history).containsExactly("PENDING", "INITIATED", "IN_PROGRESS", "CANCELLED", "SUCCESSFUL");
        assertThat(deposit("late-d").get("transaction_amount").decimalValue()).isEqualByComparingTo("254");
        await().atMost(Duration.ofSeconds(10)).until(() -> balance(KES_WALLET, "deposit_balance").signum() > 0);
        assertThat(balance(KES_WALLET, "deposit_balance")).isEqualByComparingTo("250");
    }
}

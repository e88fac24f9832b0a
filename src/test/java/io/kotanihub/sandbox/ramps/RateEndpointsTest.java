package io.kotanihub.sandbox.ramps;

import static io.kotanihub.sandbox.ramps.TestSandbox.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;

import com.fasterxml.jackson.databind.JsonNode;
import io.kotanihub.sandbox.ramps.TestSandbox.Answer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Exchange rates (§11) over HTTP: the fixed table's values and exact quote arithmetic. */
@ExtendWith(SharedSandbox.class)
class RateEndpointsTest {

    static TestSandbox sandbox;

    @BeforeAll
    static void start() {
        sandbox = SharedSandbox.sandbox();
    }

    private static void assertAmount(JsonNode node, String expected) {
        assertThat(node.isNumber()).as("%s is a JSON number", node).isTrue();
        assertThat(node.decimalValue()).isEqualByComparingTo(new BigDecimal(expected));
    }

    @Test
    void everyPairIsListedWithItsValueAsAString() {
        Answer answer = sandbox.get("/api/v3/rate");
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body().path("success").asBoolean()).isTrue();
        assertThat(answer.body().path("message").asText()).isEqualTo("Available exchange rate.");
        JsonNode pairs = answer.data();
        int codes = RateTable.codes().size();
        assertThat(pairs.size()).isEqualTo(codes * (codes - 1));
        JsonNode usdKes = null;
        for (JsonNode pair : pairs) {
            if (pair.path("from").asText().equals("USD") && pair.path("to").asText().equals("KES")) {
                usdKes = pair;
            }
        }
        assertThat(usdKes).isNotNull();
        assertThat(usdKes.path("value").isTextual()).isTrue();
        assertThat(usdKes.path("value").asText()).isEqualTo("129.5");
    }

    @Test
    void onePairIsQuotedToTenPlacesAsAString() {
        Answer usdKes = sandbox.get("/api/v3/rate/USD/KES");
        assertThat(usdKes.status()).isEqualTo(200);
        assertThat(usdKes.text()).contains("\"data\":{\"from\":\"USD\",\"to\":\"KES\",\"value\":\"129.5\"}");
        assertThat(sandbox.get("/api/v3/rate/KES/USD").data().path("value").asText()).isEqualTo("0.0077220077");
        assertThat(sandbox.get("/api/v3/rate/KES/UGX").data().path("value").asText()).isEqualTo("28.5714285714");
        assertThat(sandbox.get("/api/v3/rate/ZAR/NGN").data().path("value").asText()).isEqualTo("84.9315068493");
        assertThat(sandbox.get("/api/v3/rate/usdc/kes").data().path("value").asText()).isEqualTo("129.5");
        assertThat(sandbox.get("/api/v3/rate/SAT/USD").data().path("value").asText()).isEqualTo("0.0000514801");
        assertThat(sandbox.get("/api/v3/rate/KES/SAT").data().path("value").asText()).isEqualTo("150");
        assertThat(sandbox.get("/api/v3/rate/KES/MSAT").data().path("value").asText()).isEqualTo("150000");
    }

    @Test
    void anUnknownPairIsNotFound() {
        Answer answer = sandbox.get("/api/v3/rate/KES/XXX");
        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.body().path("success").asBoolean()).isFalse();
        assertThat(answer.body().path("message").asText()).isEqualTo("Exchange rate not found");
        assertThat(answer.body().path("error_code").asInt()).isEqualTo(404);
        assertThat(sandbox.getWithoutKey("/api/v3/public/rate/XXX/KES").status()).isEqualTo(404);
    }

    @Test
    void publicRatesNeedNoKeyButTheOthersDo() {
        assertThat(sandbox.getWithoutKey("/api/v3/public/rate").status()).isEqualTo(200);
        Answer pair = sandbox.getWithoutKey("/api/v3/public/rate/GHS/KES");
        assertThat(pair.status()).isEqualTo(200);
        assertThat(pair.data().path("value").asText()).isEqualTo("8.3548387097");
        assertThat(sandbox.getWithoutKey("/api/v3/rate").status()).isEqualTo(401);
        assertThat(sandbox.getWithoutKey("/api/v3/rate/USD/KES").status()).isEqualTo(401);
        assertThat(sandbox.postWithoutKey("/api/v3/rate/onramp", "{}").status()).isEqualTo(401);
    }

    @Test
    void onrampQuoteAddsTheFeeAndRoundsTheTokensDown() {
        Answer answer = sandbox.post("/api/v3/rate/onramp",
                json("{'from':'KES','to':'USDC','fiatAmount':1000}"));
        assertThat(answer.status()).isEqualTo(200);
        JsonNode data = answer.data();
        assertThat(data.path("from").asText()).isEqualTo("KES");
        assertThat(data.path("to").asText()).isEqualTo("USDC");
        assertThat(data.path("value").asText()).isEqualTo("0.0077220077");
        assertThat(data.path("id").asText()).matches("[0-9a-f]{24}");
        assertAmount(data.path("fiatAmount"), "1000");
        assertAmount(data.path("fee"), "15");
        assertAmount(data.path("cryptoAmount"), "7.722007");
        assertAmount(data.path("transactionAmount"), "7.722007");
        assertThat(data.has("walletDebitAmount")).isFalse();
        assertThat(answer.text()).contains("\"fiatAmount\":1000,").contains("\"fee\":15}");

        JsonNode ghs = sandbox.post("/api/v3/rate/onramp",
                json("{'from':'GHS','to':'CUSD','fiatAmount':250.50}")).data();
        assertAmount(ghs.path("fee"), "3.76");
        assertAmount(ghs.path("cryptoAmount"), "16.16129");
    }

    @Test
    void onrampQuoteForACryptoAmountFindsTheFiatThatBuysIt() {
        JsonNode data = sandbox.post("/api/v3/rate/onramp",
                json("{'from':'KES','to':'USDT','fiatAmount':10,'source':'crypto'}")).data();
        assertAmount(data.path("fiatAmount"), "1295");
        assertAmount(data.path("cryptoAmount"), "10");
        assertAmount(data.path("fee"), "19");

        JsonNode odd = sandbox.post("/api/v3/rate/onramp",
                json("{'from':'UGX','to':'CUSD','fiatAmount':1.5,'source':'crypto'}")).data();
        assertAmount(odd.path("fiatAmount"), "5550");
        assertAmount(odd.path("cryptoAmount"), "1.5");
    }

    @Test
    void offrampQuoteDeductsTheFee() {
        JsonNode data = sandbox.post("/api/v3/rate/offramp",
                json("{'from':'USDT','to':'KES','cryptoAmount':100}")).data();
        assertThat(data.path("value").asText()).isEqualTo("129.5");
        assertAmount(data.path("fiatAmount"), "12950");
        assertAmount(data.path("fee"), "194");
        assertAmount(data.path("transactionAmount"), "12756");
        assertAmount(data.path("walletDebitAmount"), "12950");
        assertAmount(data.path("cryptoAmount"), "100");

        JsonNode zar = sandbox.post("/api/v3/rate/offramp",
                json("{'from':'USDC','to':'ZAR','cryptoAmount':12.345678}")).data();
        assertAmount(zar.path("fiatAmount"), "225.3");
        assertAmount(zar.path("fee"), "3.38");
        assertAmount(zar.path("transactionAmount"), "221.92");
    }

    @Test
    void offrampQuoteForANetPayoutIsTheSmallestThatReachesIt() {
        JsonNode data = sandbox.post("/api/v3/rate/offramp",
                json("{'from':'USDC','to':'KES','cryptoAmount':10000,'source':'fiat'}")).data();
        assertAmount(data.path("fiatAmount"), "10152");
        assertAmount(data.path("fee"), "152");
        assertAmount(data.path("transactionAmount"), "10000");
        assertAmount(data.path("cryptoAmount"), "78.393823");
        JsonNode smaller = sandbox.post("/api/v3/rate/offramp",
                json("{'from':'USDC','to':'KES','cryptoAmount':78.393822}")).data();
        assertThat(smaller.path("transactionAmount").decimalValue()).isLessThan(new BigDecimal("10000"));
    }

    @Test
    void fiatQuoteGivesBothSides() {
        JsonNode data = sandbox.post("/api/v3/rate/fiat", json("{'from':'KES','to':'UGX','amount':1000}")).data();
        assertThat(data.path("value").asText()).isEqualTo("28.5714285714");
        assertAmount(data.path("depositAmount"), "1000");
        assertAmount(data.path("depositFee"), "10");
        assertAmount(data.path("depositTransactionAmount"), "1010");
        assertAmount(data.path("withdrawalAmount"), "28571");
        assertAmount(data.path("withdrawalFee"), "286");
        assertAmount(data.path("withdrawalTransactionAmount"), "28285");

        JsonNode ghs = sandbox.post("/api/v3/rate/fiat", json("{'from':'GHS','to':'ZAR','amount':99.99}")).data();
        assertAmount(ghs.path("depositFee"), "1");
        assertAmount(ghs.path("depositTransactionAmount"), "100.99");
        assertAmount(ghs.path("withdrawalAmount"), "117.73");
        assertAmount(ghs.path("withdrawalFee"), "1.18");
        assertAmount(ghs.path("withdrawalTransactionAmount"), "116.55");
    }

    @Test
    void quoteValidationListsEveryProblem() {
        Answer empty = sandbox.post("/api/v3/rate/onramp", "{}");
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.body().path("data").path("errors")).extracting(JsonNode::asText).containsExactly(
                "from should not be empty",
                "to must be one of the following values: " + String.join(", ", RateController.RATE_TOKENS),
                "fiatAmount must be a positive number");
        assertThat(empty.body().path("message").asText()).startsWith("Validation failed: from should not be empty, ");

        Answer bad = sandbox.post("/api/v3/rate/offramp",
                json("{'from':'USDC','to':'EUR','cryptoAmount':-1,'source':'both'}"));
        assertThat(bad.body().path("data").path("errors")).extracting(JsonNode::asText).containsExactly(
                "source must be one of the following values: fiat, crypto",
                "to must be one of the following values: USD, KES, UGX, TZS, GHS, ZAR, NGN",
                "cryptoAmount must be a positive number");

        Answer precision = sandbox.post("/api/v3/rate/onramp",
                json("{'from':'KES','to':'USDC','fiatAmount':1000.5}"));
        assertThat(precision.status()).isEqualTo(400);
        assertThat(precision.body().path("message").asText())
                .isEqualTo("Validation failed: fiatAmount must have at most 0 decimal places for KES");

        Answer fiat = sandbox.post("/api/v3/rate/fiat", json("{'from':'USDC','amount':'10'}"));
        assertThat(fiat.body().path("data").path("errors")).extracting(JsonNode::asText).containsExactly(
                "from must be one of the following values: USD, KES, UGX, TZS, GHS, ZAR, NGN",
                "to should not be empty",
                "amount must be a positive number");
    }

    @Test
    void aTokenWithoutAPriceHasNoRateAndDustIsRefused() {
        Answer ada = sandbox.post("/api/v3/rate/onramp", json("{'from':'KES','to':'ADA','fiatAmount':1000}"));
        assertThat(ada.status()).isEqualTo(404);
        assertThat(ada.body().path("message").asText()).isEqualTo("Exchange rate not found");
        Answer dust = sandbox.post("/api/v3/rate/offramp",
                json("{'from':'USDC','to':'KES','cryptoAmount':0.000001}"));
        assertThat(dust.status()).isEqualTo(400);
        assertThat(dust.body().path("message").asText()).isEqualTo("Insufficient crypto amount");
    }
}

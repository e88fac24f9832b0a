package io.kotanihub.kamelets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.InputStream;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kotanihub.sandbox.SandboxProperties;
import io.kotanihub.sandbox.SandboxServer;
import io.kotanihub.sandbox.wallets.WalletBook;
import io.kotanihub.sandbox.webhooks.WebhookSigner;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Every Kotani Kamelet in a plain Camel context (a {@link DefaultCamelContext}: no Spring Boot, no hub bean; the
 * webhook source served by Camel's own Vert.x platform-http server) against the sandbox over real HTTP.
 */
class KotaniKameletsTest {

    static final String KEY = "sk_kamelets_test";
    static final String SECRET = "whsec_kamelets_current";
    static final String ROTATED_SECRET = "whsec_kamelets_after_rotation";
    static final String KES_WALLET = WalletBook.fundedWalletId("KES");
    static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    /** What a webhook source emitted: the event header, which secret matched, the body as received. */
    record Emitted(String event, String secret, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
    }

    static ConfigurableApplicationContext sandbox;
    static String sandboxBase;
    static int camelPort;
    static CamelContext camel;
    static ProducerTemplate template;
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final Queue<Emitted> FROM_SANDBOX = new ConcurrentLinkedQueue<>();
    static final Queue<Emitted> ROTATED = new ConcurrentLinkedQueue<>();

    @BeforeAll
    static void start() throws Exception {
        try (ServerSocket free = new ServerSocket(0)) {
            camelPort = free.getLocalPort();
        }
        SandboxProperties props = new SandboxProperties();
        props.setPort(0);
        props.setApiKeys(new ArrayList<>(List.of(KEY)));
        props.setWebhookSecret(SECRET);
        props.setWebhookUrl("http://127.0.0.1:" + camelPort + "/kotani/webhooks");
        props.setSettleDelay(Duration.ofMillis(100));
        props.setStepDelay(Duration.ofMillis(20));
        props.getRateLimits().setEnabled(false);
        sandbox = SandboxServer.start(props);
        sandboxBase = "http://127.0.0.1:" + SandboxServer.port(sandbox);

        camel = new DefaultCamelContext();
        VertxPlatformHttpServerConfiguration server = new VertxPlatformHttpServerConfiguration();
        server.setBindHost("127.0.0.1");
        server.setBindPort(camelPort);
        camel.addService(new VertxPlatformHttpServer(server));
        camel.getPropertiesComponent().setInitialProperties(properties(Map.of(
                "kotani.base-url", sandboxBase, "kotani.api-key", KEY)));
        // the README's way: a YAML route that uses a sink Kamelet on its own
        PluginHelper.getRoutesLoader(camel).loadRoutes(ResourceHelper.fromString("pay.camel.yaml", """
                - route:
                    id: pay-mobile-money
                    from:
                      uri: direct:withdraw
                      steps:
                        - to: "kamelet:kotani-mobile-money-withdrawal-sink?baseUrl={{kotani.base-url}}&apiKey={{kotani.api-key}}"
                """));
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                String auth = "baseUrl={{kotani.base-url}}&apiKey={{kotani.api-key}}";
                from("direct:withdraw-wrong-key")
                        .to("kamelet:kotani-mobile-money-withdrawal-sink?baseUrl={{kotani.base-url}}&apiKey=sk_not_a_key");
                from("direct:withdraw-nowhere")
                        .to("kamelet:kotani-mobile-money-withdrawal-sink?baseUrl=http://127.0.0.1:1&apiKey=" + KEY);
                from("direct:bank").to("kamelet:kotani-bank-withdrawal-sink?" + auth);
                from("direct:deposit").to("kamelet:kotani-mobile-money-deposit-sink?" + auth);
                from("direct:withdrawal-status").to("kamelet:kotani-withdrawal-status-action?" + auth);
                from("direct:deposit-status").to("kamelet:kotani-deposit-status-action?" + auth);
                from("direct:bank-status").to("kamelet:kotani-bank-withdrawal-status-action?" + auth);
                from("direct:customer-by-phone").to("kamelet:kotani-customer-by-phone-action?" + auth);
                from("direct:bulk-validate").to("kamelet:kotani-bulk-csv-validation-sink?" + auth);
                from("direct:bulk-create").to("kamelet:kotani-bulk-create-sink?" + auth);
                from("direct:bulk-batches").to("kamelet:kotani-bulk-batches-action?" + auth);
                from("direct:link").to("kamelet:kotani-payment-link-sink?" + auth);
                from("direct:links").to("kamelet:kotani-payment-links-action?" + auth);
                from("direct:link-get").to("kamelet:kotani-payment-link-action?" + auth);
                from("direct:link-transactions").to("kamelet:kotani-payment-link-transactions-action?" + auth);
                from("kamelet:kotani-webhook-source?path=/kotani/webhooks&webhookSecret=" + SECRET)
                        .process(e -> FROM_SANDBOX.add(emitted(e)));
                from("kamelet:kotani-webhook-source?path=/kotani/rotated&webhookSecret=" + ROTATED_SECRET
                        + "&previousWebhookSecret=" + vectors().get("secret").asText())
                        .process(e -> ROTATED.add(emitted(e)));
            }
        });
        camel.start();
        template = camel.createProducerTemplate();
    }

    @AfterAll
    static void stop() {
        if (camel != null) {
            camel.stop();
        }
        if (sandbox != null) {
            sandbox.close();
        }
    }

    // ---- sinks and actions ----

    @Test
    void anAcceptedWithdrawalIsClassifiedAndItsSignedWebhookIsEmitted() throws Exception {
        String customer = customer("+254700000001");
        String reference = "kam-ok-" + System.nanoTime();

        Exchange answer = template.request("direct:withdraw", e -> e.getMessage().setBody(
                withdrawal(customer, "150.50", reference)));

        assertThat(answer.getMessage().getHeader("kotaniOutcome")).isEqualTo("ACCEPTED");
        assertThat(answer.getMessage().getHeader("kotaniStatusCode", Integer.class)).isEqualTo(200);
        assertThat(answer.getMessage().getHeader("kotaniMessage")).isEqualTo("Withdrawal has been successfully created.");
        assertThat(answer.getMessage().getHeader("Authorization")).isNull();
        JsonNode created = JSON.readTree(answer.getMessage().getBody(String.class));
        assertThat(created.path("data").path("referenceId").asText()).isEqualTo(reference);

        Emitted settled = await().atMost(Duration.ofSeconds(20)).until(
                () -> find(FROM_SANDBOX, reference, "SUCCESSFUL"), found -> found != null);
        assertThat(settled.event()).isEqualTo("transaction.withdrawal.status.updated");
        assertThat(settled.secret()).isEqualTo("current");

        Exchange status = template.request("direct:withdrawal-status", e -> e.getMessage().setBody(reference));
        assertThat(status.getMessage().getHeader("kotaniOutcome")).isEqualTo("ACCEPTED");
        JsonNode data = JSON.readTree(status.getMessage().getBody(String.class)).path("data");
        assertThat(data.path("status").asText()).isEqualTo("SUCCESSFUL");
        assertThat(data.path("amount").decimalValue()).isEqualByComparingTo(new BigDecimal("150.50"));
    }

    @Test
    void aPhoneThatFailsIsSeenByTheStatusActionAndAReusedReferenceIsRejected() throws Exception {
        String customer = customer("+254700000010"); // §21: fails with "insufficient funds"
        String reference = "kam-fail-" + System.nanoTime();
        String body = withdrawal(customer, "99", reference);

        Exchange first = template.request("direct:withdraw", e -> e.getMessage().setBody(body));
        assertThat(first.getMessage().getHeader("kotaniOutcome")).isEqualTo("ACCEPTED");

        JsonNode failed = await().atMost(Duration.ofSeconds(20)).until(() -> {
            Exchange status = template.request("direct:withdrawal-status", e -> e.getMessage().setBody(reference));
            assertThat(status.getMessage().getHeader("kotaniOutcome")).isEqualTo("ACCEPTED");
            return JSON.readTree(status.getMessage().getBody(String.class)).path("data");
        }, data -> "FAILED".equals(data.path("status").asText()));
        assertThat(failed.path("errorMessage").asText()).isEqualTo("Insufficient funds");
        Emitted webhook = await().atMost(Duration.ofSeconds(20)).until(
                () -> find(FROM_SANDBOX, reference, "FAILED"), found -> found != null);
        assertThat(webhook.json().path("data").path("errorMessage").asText()).isEqualTo("Insufficient funds");

        Exchange again = template.request("direct:withdraw", e -> e.getMessage().setBody(body));
        assertThat(again.getMessage().getHeader("kotaniOutcome")).isEqualTo("REJECTED");
        assertThat(again.getMessage().getHeader("kotaniStatusCode", Integer.class)).isEqualTo(400);
        assertThat(again.getMessage().getHeader("kotaniMessage", String.class)).contains("Duplicate referenceId");

        Exchange unknown = template.request("direct:withdrawal-status", e -> e.getMessage().setBody("no-such-ref"));
        assertThat(unknown.getMessage().getHeader("kotaniOutcome")).isEqualTo("REJECTED");
        assertThat(unknown.getMessage().getHeader("kotaniStatusCode", Integer.class)).isEqualTo(404);
    }

    @Test
    void aWrongKeyIsRejectedWith401AndAnUnreachableKotaniIsNotSent() throws Exception {
        String reference = "kam-auth-" + System.nanoTime();
        Exchange refused = template.request("direct:withdraw-wrong-key", e -> e.getMessage().setBody(
                withdrawal("cust_any", "10", reference)));
        assertThat(refused.getException()).isNull();
        assertThat(refused.getMessage().getHeader("kotaniOutcome")).isEqualTo("REJECTED");
        assertThat(refused.getMessage().getHeader("kotaniStatusCode", Integer.class)).isEqualTo(401);
        assertThat(refused.getMessage().getHeader("kotaniMessage")).isEqualTo("Invalid API Key");

        Exchange nowhere = template.request("direct:withdraw-nowhere", e -> e.getMessage().setBody(
                withdrawal("cust_any", "10", reference)));
        assertThat(nowhere.getException()).isNull();
        assertThat(nowhere.getMessage().getHeader("kotaniOutcome")).isEqualTo("NOT_SENT");
        assertThat(nowhere.getMessage().getHeader("kotaniStatusCode", Integer.class)).isZero();
    }

    @Test
    void bankWithdrawalsAndDepositsGoThroughTheirSinks() throws Exception {
        String reference = "kam-bank-" + System.nanoTime();
        ObjectNode bank = JSON.createObjectNode().put("amount", new BigDecimal("2500")).put("currency", "KES")
                .put("referenceId", reference);
        bank.putObject("bankDetails").put("name", "Jane Mary Doe").put("bankCode", "01")
                .put("accountNumber", "1000000001").put("country", "KE");
        Exchange paid = template.request("direct:bank", e -> e.getMessage().setBody(JSON.writeValueAsString(bank)));
        assertThat(paid.getMessage().getHeader("kotaniOutcome")).isEqualTo("ACCEPTED");
        assertThat(JSON.readTree(paid.getMessage().getBody(String.class)).path("data").path("referenceId").asText())
                .isEqualTo(reference);

        String customer = customer("+254700000001");
        String order = "kam-dep-" + System.nanoTime();
        ObjectNode deposit = JSON.createObjectNode().put("customer_key", customer)
                .put("amount", new BigDecimal("300")).put("wallet_id", KES_WALLET).put("reference_id", order);
        Exchange asked = template.request("direct:deposit", e -> e.getMessage().setBody(
                JSON.writeValueAsString(deposit)));
        assertThat(asked.getMessage().getHeader("kotaniOutcome")).isEqualTo("ACCEPTED");
        JsonNode settled = await().atMost(Duration.ofSeconds(20)).until(() -> JSON.readTree(template.request(
                "direct:deposit-status", e -> e.getMessage().setBody(order)).getMessage().getBody(String.class))
                .path("data"), data -> "SUCCESSFUL".equals(data.path("status").asText()));
        assertThat(settled.path("reference_id").asText()).isEqualTo(order);

        ObjectNode missingAmount = deposit.deepCopy();
        missingAmount.remove("amount");
        missingAmount.put("reference_id", order + "-b");
        Exchange invalid = template.request("direct:deposit", e -> e.getMessage().setBody(
                JSON.writeValueAsString(missingAmount)));
        assertThat(invalid.getMessage().getHeader("kotaniOutcome")).isEqualTo("REJECTED");
        assertThat(invalid.getMessage().getHeader("kotaniStatusCode", Integer.class)).isEqualTo(400);
    }

    @Test
    void statusActionsSendTheirPathParameterEncoded() throws Exception {
        String reference = "kam-bank-status " + System.nanoTime();
        ObjectNode bank = JSON.createObjectNode().put("amount", new BigDecimal("120.50")).put("currency", "KES")
                .put("referenceId", reference);
        bank.putObject("bankDetails").put("name", "Jane Mary Doe").put("bankCode", "01")
                .put("accountNumber", "1000000001").put("country", "KE");
        Exchange paid = template.request("direct:bank", e -> e.getMessage().setBody(JSON.writeValueAsString(bank)));
        assertThat(paid.getMessage().getHeader("kotaniOutcome")).isEqualTo("ACCEPTED");

        Exchange status = template.request("direct:bank-status", e -> e.getMessage().setBody(reference));
        assertThat(status.getMessage().getHeader("kotaniOutcome")).isEqualTo("ACCEPTED");
        assertThat(JSON.readTree(status.getMessage().getBody(String.class)).path("data").toString())
                .contains(reference);

        String customer = customer("+254700000002");
        Exchange found = template.request("direct:customer-by-phone", e -> e.getMessage().setBody("+254700000002"));
        assertThat(found.getMessage().getHeader("kotaniOutcome")).isEqualTo("ACCEPTED");
        assertThat(JSON.readTree(found.getMessage().getBody(String.class)).path("data").toString()).contains(customer);
        Exchange none = template.request("direct:customer-by-phone", e -> e.getMessage().setBody("+254799999998"));
        assertThat(none.getMessage().getHeader("kotaniOutcome")).isEqualTo("REJECTED");
        assertThat(none.getMessage().getHeader("kotaniStatusCode", Integer.class)).isEqualTo(404);
    }

    @Test
    void aBulkCsvIsCheckedAsMultipartAndTheBatchListingPassesEveryQueryParameter() throws Exception {
        String run = Long.toHexString(System.nanoTime());
        String csv = "recipient_name,recipient_email,recipient_phone,amount,currency,reference,network\r\n"
                + "John Doe,john@example.com,+254700000001,1000,KES,BK-" + run + "-1,MPESA\r\n"
                + "Ann Lee,ann@example.com,+254711111111,2500.00,KES,BK-" + run + "-2,AIRTEL\r\n";
        String boundary = "kamelet-" + run;
        String multipart = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"p.csv\"\r\n"
                + "Content-Type: text/csv\r\n\r\n" + csv + "\r\n--" + boundary + "--\r\n";
        Exchange checked = template.request("direct:bulk-validate", e -> {
            e.getMessage().setHeader("Content-Type", "multipart/form-data; boundary=" + boundary);
            e.getMessage().setBody(multipart.getBytes(StandardCharsets.UTF_8));
        });
        assertThat(checked.getMessage().getHeader("kotaniOutcome")).isEqualTo("ACCEPTED");
        JsonNode check = JSON.readTree(checked.getMessage().getBody(String.class));
        assertThat(check.path("isValid").asBoolean()).isTrue();
        assertThat(check.path("totalRecords").asInt()).isEqualTo(2);
        assertThat(check.path("fileHash").asText()).isNotBlank();

        String request = JSON.writeValueAsString(JSON.readTree(("{'batchName':'Kamelet " + run + "',"
                + "'batchDescription':'Payroll','recipients':[{'recipientName':'John Doe','recipientEmail':"
                + "'john@example.com','recipientPhone':'+254700000001','amount':1000,'currency':'KES','reference':"
                + "'BK-" + run + "-1','network':'MPESA'}],'walletSelections':[{'currency':'KES','walletId':'"
                + KES_WALLET + "'}]}").replace('\'', '"')));
        Exchange created = template.request("direct:bulk-create", e -> e.getMessage().setBody(request));
        assertThat(created.getMessage().getHeader("kotaniOutcome")).isEqualTo("ACCEPTED");
        assertThat(created.getMessage().getHeader("kotaniStatusCode", Integer.class)).isEqualTo(201);

        JsonNode kes = listing("page=1&limit=1&currency=KES");
        assertThat(kes.path("meta").path("page").asInt()).isEqualTo(1);
        assertThat(kes.path("meta").path("limit").asInt()).isEqualTo(1);
        assertThat(kes.path("meta").path("total").asInt()).isPositive();
        assertThat(kes.path("data")).hasSize(1);
        JsonNode zar = listing("currency=ZAR&limit=7&page=1");
        assertThat(zar.path("meta").path("limit").asInt()).isEqualTo(7);
        assertThat(zar.path("meta").path("total").asInt()).isZero();
        Exchange refused = template.request("direct:bulk-batches", e -> e.getMessage().setHeader("kotaniQuery",
                "page=0"));
        assertThat(refused.getMessage().getHeader("kotaniOutcome")).isEqualTo("REJECTED");
        assertThat(refused.getMessage().getHeader("kotaniQuery")).isNull();
    }

    @Test
    void aPaymentLinkIsCreatedReadListedAndItsPaymentsPaged() throws Exception {
        String reference = "kam-link-" + System.nanoTime();
        String body = JSON.writeValueAsString(JSON.createObjectNode().put("name", "Invoice " + reference)
                .put("linkType", "INVOICE").put("referenceId", reference).put("currency", "KES")
                .put("pricingType", "FIXED").put("amount", new BigDecimal("1500.00")).put("usageType", "SINGLE_USE")
                .set("paymentMethods", JSON.createArrayNode().add("MOBILE_MONEY")));
        Exchange created = template.request("direct:link", e -> e.getMessage().setBody(body));
        assertThat(created.getMessage().getHeader("kotaniOutcome")).isEqualTo("ACCEPTED");
        JsonNode link = JSON.readTree(created.getMessage().getBody(String.class)).path("data");
        String id = link.path("id").asText();
        assertThat(id).isNotBlank();

        Exchange read = template.request("direct:link-get", e -> e.getMessage().setBody(id));
        assertThat(read.getMessage().getHeader("kotaniOutcome")).isEqualTo("ACCEPTED");
        assertThat(JSON.readTree(read.getMessage().getBody(String.class)).path("data").path("referenceId").asText())
                .isEqualTo(reference);

        Exchange listed = template.request("direct:links", e -> e.getMessage().setHeader("kotaniQuery",
                "page=1&per_page=100"));
        assertThat(listed.getMessage().getHeader("kotaniOutcome")).isEqualTo("ACCEPTED");
        assertThat(JSON.readTree(listed.getMessage().getBody(String.class)).path("data").toString())
                .contains(reference);

        Exchange payments = template.request("direct:link-transactions", e -> {
            e.getMessage().setHeader("kotaniQuery", "page=1&per_page=10");
            e.getMessage().setBody(id);
        });
        assertThat(payments.getMessage().getHeader("kotaniOutcome")).isEqualTo("ACCEPTED");
        assertThat(JSON.readTree(payments.getMessage().getBody(String.class)).path("data").isArray()).isTrue();
        Exchange unknown = template.request("direct:link-get", e -> e.getMessage().setBody("no such link"));
        assertThat(unknown.getMessage().getHeader("kotaniOutcome")).isEqualTo("REJECTED");
        assertThat(unknown.getMessage().getHeader("kotaniStatusCode", Integer.class)).isEqualTo(404);
    }

    static JsonNode listing(String query) throws Exception {
        Exchange listed = template.request("direct:bulk-batches", e -> e.getMessage().setHeader("kotaniQuery", query));
        assertThat(listed.getMessage().getHeader("kotaniOutcome")).as(query).isEqualTo("ACCEPTED");
        return JSON.readTree(listed.getMessage().getBody(String.class));
    }

    // ---- the webhook source ----

    @Test
    void theSourceAgreesWithEverySignatureVectorUnderThePreviousSecret() throws Exception {
        for (JsonNode vector : vectors().get("cases")) {
            ROTATED.clear();
            HttpResponse<String> answer = postWebhook("/kotani/rotated", vector.get("body").asText(),
                    vector.get("header").asText());
            String name = vector.get("name").asText();
            if (vector.get("valid").asBoolean()) {
                assertThat(answer.statusCode()).as(name).isEqualTo(200);
                assertThat(answer.body()).as(name).isEqualTo("{\"received\":true}");
                assertThat(ROTATED).as(name).singleElement().satisfies(emitted -> {
                    assertThat(emitted.secret()).isEqualTo("previous");
                    assertThat(emitted.body()).isEqualTo(vector.get("body").asText());
                    assertThat(emitted.event()).isEqualTo(emitted.json().path("event").asText());
                });
            } else {
                assertThat(answer.statusCode()).as(name).isEqualTo(401);
                assertThat(answer.headers().firstValue("Content-Type")).as(name)
                        .hasValue("application/problem+json");
                assertThat(ROTATED).as(name).isEmpty();
            }
        }
    }

    @Test
    void theCurrentSecretPassesAndForgedOrUnsignedWebhooksGet401AndEmitNothing() throws Exception {
        ObjectNode data = JSON.createObjectNode().put("status", "SUCCESSFUL").put("referenceId", "kam-wh-1")
                .put("amount", new BigDecimal("450.5"));
        WebhookSigner.Signed signed = WebhookSigner.sign(ROTATED_SECRET, "transaction.withdrawal.status.updated", data);
        ROTATED.clear();
        HttpResponse<String> passed = postWebhook("/kotani/rotated", signed.body(), signed.signature());
        assertThat(passed.statusCode()).isEqualTo(200);
        assertThat(ROTATED).singleElement().satisfies(emitted -> {
            assertThat(emitted.secret()).isEqualTo("current");
            assertThat(emitted.event()).isEqualTo("transaction.withdrawal.status.updated");
        });

        ROTATED.clear();
        String forgedBody = signed.body().replace("450.5", "4505");
        HttpResponse<String> forged = postWebhook("/kotani/rotated", forgedBody, signed.signature());
        assertThat(forged.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(forged.body()).path("status").asInt()).isEqualTo(401);
        WebhookSigner.Signed wrongKey = WebhookSigner.sign("whsec_guessed", "transaction.withdrawal.status.updated",
                data);
        assertThat(postWebhook("/kotani/rotated", wrongKey.body(), wrongKey.signature()).statusCode())
                .isEqualTo(401);
        assertThat(postWebhook("/kotani/rotated", signed.body(), null).statusCode()).isEqualTo(401);
        assertThat(postWebhook("/kotani/rotated", "not json", signed.signature()).statusCode()).isEqualTo(401);
        assertThat(ROTATED).isEmpty();
    }

    // ---- helpers ----

    static Emitted emitted(Exchange exchange) {
        return new Emitted(exchange.getMessage().getHeader("kotaniEvent", String.class),
                exchange.getMessage().getHeader("kotaniSignatureSecret", String.class),
                new String(exchange.getMessage().getBody(byte[].class), StandardCharsets.UTF_8));
    }

    static Emitted find(Queue<Emitted> queue, String reference, String status) {
        for (Emitted emitted : queue) {
            JsonNode data = emitted.json().path("data");
            if (reference.equals(data.path("referenceId").asText()) && status.equals(data.path("status").asText())) {
                return emitted;
            }
        }
        return null;
    }

    static String withdrawal(String customer, String amount, String reference) throws Exception {
        return JSON.writeValueAsString(JSON.createObjectNode().put("customer_key", customer)
                .put("amount", new BigDecimal(amount)).put("walletId", KES_WALLET).put("referenceId", reference));
    }

    static String customer(String phone) throws Exception {
        HttpResponse<String> created = HTTP.send(HttpRequest.newBuilder(
                        URI.create(sandboxBase + "/api/v3/customer/mobile-money"))
                .header("Authorization", "Bearer " + KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(JSON.createObjectNode()
                        .put("phone_number", phone).put("country_code", "KE").put("account_name", "Jane Doe"))))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).isEqualTo(200);
        return JSON.readTree(created.body()).path("data").path("customer_key").asText();
    }

    static HttpResponse<String> postWebhook(String path, String body, String signature) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + camelPort + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (signature != null) {
            request.header("X-Kotani-Signature", signature);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode vectors() {
        try (InputStream in = KotaniKameletsTest.class.getResourceAsStream("/kotani/webhook-signature-vectors.json")) {
            return JSON.readTree(in);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static java.util.Properties properties(Map<String, String> values) {
        java.util.Properties properties = new java.util.Properties();
        properties.putAll(values);
        return properties;
    }
}

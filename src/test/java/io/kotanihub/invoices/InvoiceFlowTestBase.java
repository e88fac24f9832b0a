package io.kotanihub.invoices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import io.kotanihub.KotaniHubApplication;
import io.kotanihub.sandbox.SandboxProperties;
import io.kotanihub.sandbox.SandboxServer;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Receivables end to end over HTTP (issue 15): the hub's {@code /api/v1/invoices} → a payment link at Kotani (a
 * standalone sandbox that outlives the hubs) → the customer pays through the hosted page's public call with §21's
 * phones → Kotani's signed deposit webhooks and the hub's polling → the invoice's status, amount paid and payments →
 * signed ERP webhooks to a stand-in ERP. A hub is closed and a new one started on the same database, between a create
 * whose answer was lost and its look-up, and between the link's creation and its payment.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class InvoiceFlowTestBase {

    static final String OK_PHONE = "+254700000001";
    static final String FAIL_PHONE = "+254700000010";
    static final String CANCEL_PHONE = "+254700000013";
    static final String HUB_KEY = "hub_dev_key";
    static final Duration WAIT = Duration.ofSeconds(40);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private ConfigurableApplicationContext sandboxServer;
    private String sandbox;
    private SigningErp erp;
    private Map<String, Object> database;
    private ConfigurableApplicationContext hub;
    private String api;
    private Path folders;

    /** A fresh database for this class, as Spring properties (URL, credentials, profile). */
    abstract Map<String, Object> database();

    @BeforeAll
    void start() {
        SandboxProperties properties = new SandboxProperties();
        properties.setPort(0);
        properties.setSettleDelay(Duration.ofMillis(300));
        properties.setStepDelay(Duration.ofMillis(50));
        properties.getRateLimits().setEnabled(false);
        sandboxServer = SandboxServer.start(properties);
        sandbox = "http://localhost:" + SandboxServer.port(sandboxServer);
        erp = new SigningErp();
        try {
            folders = Files.createTempDirectory("invoices-files");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        database = database();
        startHub();
    }

    @AfterAll
    void stop() {
        if (hub != null) {
            hub.close();
        }
        sandboxServer.close();
        erp.close();
    }

    private void startHub() {
        Map<String, Object> properties = new LinkedHashMap<>(database);
        properties.put("server.port", "0");
        properties.put("hub.sandbox.enabled", "false");
        properties.put("hub.kotani.base-url", sandbox);
        properties.put("hub.kotani.throttle.enabled", "false");
        properties.put("hub.kotani.request-timeout", "5s");
        properties.put("hub.kotani.registration-retry-interval", "1s");
        properties.put("hub.invoices.work-interval", "200ms");
        properties.put("hub.invoices.poll-interval", "3s");
        properties.put("hub.invoices.retry-delay", "2s");
        properties.put("hub.erp.webhook-url", erp.url());
        properties.put("hub.erp.webhook-secret", SigningErp.SECRET);
        properties.put("hub.erp.retry-schedule", "0s,200ms,500ms");
        properties.put("camel.main.shutdown-timeout", "2");
        properties.put("hub.invoices.inbox", folders.resolve("receivables"));
        properties.put("hub.invoices.archive", folders.resolve("archive"));
        properties.put("hub.invoices.error", folders.resolve("error"));
        properties.put("hub.files.inbox", folders.resolve("inbox"));
        properties.put("hub.files.outbox", folders.resolve("outbox"));
        properties.put("hub.events.endpoints[0]", "file:" + folders.resolve("events")
                + "?fileName=events.jsonl&fileExist=Append");
        String[] args = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        hub = new SpringApplicationBuilder(KotaniHubApplication.class).run(args);
        api = "http://localhost:" + hub.getEnvironment().getProperty("local.server.port") + "/api/v1";
    }

    private void stopHub() {
        hub.close();
        hub = null;
    }

    // ------------------------------------------------------------------ scenarios

    @Test
    void anInvoiceIsPaidThroughItsLinkAndTheErpLearnsTheLinkThenThePaymentWithAmountAndFee() throws Exception {
        String ref = ref("INV");
        String body = "{'reference':'" + ref + "','amount':'1500.00','currency':'KES','customer':{'name':'Jane Doe',"
                + "'email':'jane@example.com','phone':'" + OK_PHONE + "'},'metadata':{'erpId':42}}";
        Answer created = post("/invoices", body);
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        String shortCode = created.json().at("/link/shortCode").asText();
        assertThat(created.json().at("/link/url").asText()).endsWith("/l/" + shortCode);
        assertThat(created.json().get("status").asText()).isEqualTo("OPEN");
        assertThat(created.json().get("pricing").asText()).isEqualTo("FIXED");
        assertThat(created.json().get("usage").asText()).isEqualTo("SINGLE_USE");

        Answer again = post("/invoices", body);
        assertThat(again.status()).isIn(200, 201);
        assertThat(again.json().at("/link/shortCode").asText()).isEqualTo(shortCode);
        Answer conflict = post("/invoices", body.replace("1500.00", "1600"));
        assertThat(conflict.status()).isEqualTo(409);
        assertThat(conflict.contentType()).startsWith("application/problem+json");
        Answer invalid = post("/invoices", "{'reference':'x y','amount':-1,'currency':'KES','usage':'MULTIPLE_USE'}");
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.contentType()).startsWith("application/problem+json");
        assertThat(invalid.text()).contains("reference", "amount", "maxUses");
        assertThat(send("GET", api + "/invoices/" + ref, null, null).status()).isEqualTo(401);

        JsonNode details = sandboxGet("/payment-links/" + shortCode + "/details", false).path("data");
        assertThat(dec(details.get("amount"))).isEqualByComparingTo("1500");
        String payment = pay(shortCode, OK_PHONE, null);

        JsonNode paid = awaitInvoice(ref, i -> "PAID".equals(i.get("status").asText()));
        assertThat(dec(paid.get("amountPaid"))).as(paid.toString()).isEqualByComparingTo("1500");
        JsonNode kotani = sandboxPayment(payment);
        JsonNode p = paid.get("payments").get(0);
        assertThat(paid.get("payments")).hasSize(1);
        assertThat(p.get("reference").asText()).isEqualTo(payment);
        assertThat(p.get("status").asText()).isEqualTo("SUCCESSFUL");
        assertThat(dec(p.get("amount"))).isEqualByComparingTo("1500");
        assertThat(dec(p.get("fee"))).isEqualByComparingTo(dec(kotani.get("transactionCost")));
        assertThat(p.get("at").asText()).isNotBlank();
        assertThat(p.get("source").asText()).as("applied from Kotani's signed deposit webhook, before any poll")
                .isEqualTo("WEBHOOK");

        List<SigningErp.Delivery> erpSaw = awaitErp(ref, d -> d.stream().anyMatch(x ->
                x.type().equals("payment_link.payment.updated")) && d.stream().anyMatch(x ->
                x.type().equals("invoice.status.updated")));
        assertThat(erpSaw).allSatisfy(d -> assertThat(d.signed()).isTrue());
        assertThat(erpSaw.get(0).type()).isEqualTo("payment_link.created");
        assertThat(erpSaw.get(0).data().at("/link/url").asText()).endsWith(shortCode);
        SigningErp.Delivery paymentEvent = erpSaw.stream()
                .filter(d -> d.type().equals("payment_link.payment.updated")).findFirst().orElseThrow();
        assertThat(erpSaw.indexOf(paymentEvent)).isGreaterThan(0);
        assertThat(paymentEvent.data().at("/payment/reference").asText()).isEqualTo(payment);
        assertThat(dec(paymentEvent.data().at("/payment/amount"))).isEqualByComparingTo("1500");
        assertThat(dec(paymentEvent.data().at("/payment/fee")))
                .isEqualByComparingTo(dec(kotani.get("transactionCost")));
        assertThat(paymentEvent.data().get("settlement").asText()).isEqualTo("FULL");
        assertThat(erpSaw.stream().filter(d -> d.type().equals("payment_link.payment.updated"))).hasSize(1);

        // a SINGLE_USE link paid once is closed: Kotani refuses a second payment and the hub shows it closed
        assertThat(payAnswer(shortCode, OK_PHONE, null).status()).isEqualTo(400);
        awaitInvoice(ref, i -> "COMPLETED".equals(i.at("/link/status").asText()));
    }

    @Test
    void everyReceivablesEventAlsoReachesTheEndpointsOfHubEventsEndpointsAsTheErpSeesIt() throws Exception {
        String ref = ref("ENDPOINT");
        Answer created = post("/invoices", "{'reference':'" + ref + "','amount':'75.25','currency':'KES'}");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        pay(created.json().at("/link/shortCode").asText(), OK_PHONE, null);
        awaitInvoice(ref, i -> "PAID".equals(i.get("status").asText()));
        awaitErp(ref, d -> d.stream().anyMatch(x -> x.type().equals("invoice.status.updated")
                && x.data().get("status").asText().equals("PAID")));

        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).ignoreExceptions().untilAsserted(() ->
                assertThat(endpointEvents(ref)).as("the same messages as the ERP's data, in the same order")
                        .isEqualTo(erp.about(ref).stream().map(SigningErp.Delivery::data).distinct().toList()));
        List<JsonNode> events = endpointEvents(ref);
        assertThat(events.stream().map(e -> e.get("type").asText()).toList()).containsSubsequence(
                "payment_link.created", "payment_link.payment.updated", "invoice.status.updated");
        assertThat(events.stream().map(e -> e.get("eventId").asLong()).toList()).as("in order: event ids rising")
                .isSorted();
        assertThat(dec(events.stream().filter(e -> e.get("type").asText().equals("payment_link.payment.updated"))
                .findFirst().orElseThrow().at("/payment/amount"))).isEqualByComparingTo("75.25");
    }

    /** The events of one invoice the {@code hub.events.endpoints} file received, in delivery order, each once. */
    private List<JsonNode> endpointEvents(String invoiceReference) throws IOException {
        Path file = folders.resolve("events").resolve("events.jsonl");
        Map<Long, JsonNode> events = new LinkedHashMap<>();
        if (Files.exists(file)) {
            try (MappingIterator<JsonNode> values = SigningErp.JSON.readerFor(JsonNode.class)
                    .readValues(Files.readAllBytes(file))) {
                while (values.hasNextValue()) {
                    JsonNode event = values.nextValue();
                    if (invoiceReference.equals(event.path("invoiceReference").asText())) {
                        events.putIfAbsent(event.get("eventId").asLong(), event);
                    }
                }
            }
        }
        return List.copyOf(events.values());
    }

    @Test
    void aMultiUseLinkIsPaidThreeTimes() throws Exception {
        String ref = ref("MULTI");
        Answer created = post("/invoices", "{'reference':'" + ref + "','amount':500,'currency':'KES',"
                + "'usage':'MULTIPLE_USE','maxUses':3}");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        String shortCode = created.json().at("/link/shortCode").asText();
        assertThat(dec(created.json().get("amountDue"))).isEqualByComparingTo("1500");
        for (int i = 1; i <= 3; i++) {
            pay(shortCode, "+2547" + (i == 2 ? "22000001" : "00000001"), null);
            int n = i;
            JsonNode invoice = awaitInvoice(ref, v -> dec(v.get("amountPaid")).compareTo(BigDecimal.valueOf(500L * n)) == 0);
            assertThat(invoice.get("status").asText()).isEqualTo(n < 3 ? "PARTIALLY_PAID" : "PAID");
        }
        JsonNode invoice = awaitInvoice(ref, i -> i.get("payments").size() == 3);
        assertThat(invoice.get("payments")).allSatisfy(p -> assertThat(p.get("status").asText()).isEqualTo("SUCCESSFUL"));
        List<SigningErp.Delivery> erpSaw = awaitErp(ref, d -> d.stream()
                .filter(x -> x.type().equals("payment_link.payment.updated")).count() == 3 && d.stream()
                .anyMatch(x -> x.type().equals("invoice.status.updated") && x.data().get("status").asText().equals("PAID")));
        assertThat(erpSaw.stream().filter(x -> x.type().equals("payment_link.payment.updated"))
                .map(x -> x.data().get("settlement").asText()).toList()).containsExactly("PARTIAL", "PARTIAL", "FULL");
        assertThat(erpSaw.stream().filter(x -> x.type().equals("invoice.status.updated"))
                .map(x -> x.data().get("status").asText()).toList()).containsExactly("PARTIALLY_PAID", "PAID");
    }

    @Test
    void failedAndCancelledPaymentsAreReportedAndPartialThenOverPaymentOnACustomerChoiceLink() throws Exception {
        String ref = ref("CHOICE");
        Answer created = post("/invoices", "{'reference':'" + ref + "','amount':1000,'currency':'KES',"
                + "'pricing':'CUSTOMER_CHOICE','usage':'UNLIMITED'}");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        String shortCode = created.json().at("/link/shortCode").asText();
        String failed = pay(shortCode, FAIL_PHONE, "300");
        String cancelled = pay(shortCode, CANCEL_PHONE, "300");
        JsonNode invoice = awaitInvoice(ref, i -> i.get("payments").size() == 2 && allFinal(i));
        assertThat(status(invoice, failed)).isEqualTo("FAILED");
        assertThat(status(invoice, cancelled)).isEqualTo("CANCELLED");
        assertThat(invoice.get("status").asText()).isEqualTo("OPEN");
        assertThat(dec(invoice.get("amountPaid"))).isEqualByComparingTo("0");

        pay(shortCode, OK_PHONE, "400");
        awaitInvoice(ref, i -> "PARTIALLY_PAID".equals(i.get("status").asText()));
        pay(shortCode, OK_PHONE, "700");
        invoice = awaitInvoice(ref, i -> "PAID".equals(i.get("status").asText()));
        assertThat(dec(invoice.get("amountPaid"))).isEqualByComparingTo("1100");
        assertThat(dec(invoice.get("overpaid"))).isEqualByComparingTo("100");

        List<SigningErp.Delivery> erpSaw = awaitErp(ref, d -> d.stream()
                .filter(x -> x.type().equals("payment_link.payment.updated")).count() == 4);
        Map<String, String> outcomes = new LinkedHashMap<>();
        erpSaw.stream().filter(x -> x.type().equals("payment_link.payment.updated")).forEach(x ->
                outcomes.put(x.data().at("/payment/status").asText() + " " + x.data().at("/payment/amount").asText(),
                        x.data().path("settlement").asText("")));
        assertThat(outcomes).containsEntry("FAILED 300", "").containsEntry("CANCELLED 300", "")
                .containsEntry("SUCCESSFUL 400", "PARTIAL").containsEntry("SUCCESSFUL 700", "OVER");
    }

    @Test
    void anExpiredLinkAndADeactivatedOneAreReported() throws Exception {
        String ref = ref("EXP");
        Answer created = post("/invoices", "{'reference':'" + ref + "','amount':250,'currency':'KES',"
                + "'expiresAt':'" + Instant.now().plusSeconds(3) + "'}");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        String shortCode = created.json().at("/link/shortCode").asText();
        JsonNode expired = awaitInvoice(ref, i -> "EXPIRED".equals(i.get("status").asText()));
        assertThat(dec(expired.get("amountPaid"))).isEqualByComparingTo("0");
        assertThat(payAnswer(shortCode, OK_PHONE, null).status()).isEqualTo(400);
        awaitErp(ref, d -> d.stream().anyMatch(x -> x.type().equals("invoice.status.updated")
                && x.data().get("status").asText().equals("EXPIRED")));

        String off = ref("OFF");
        Answer other = post("/invoices", "{'reference':'" + off + "','amount':250,'currency':'KES'}");
        assertThat(other.status()).as(other.text()).isEqualTo(201);
        Answer deactivated = send("POST", sandbox + "/api/v3/dashboard/payment-links/" + other.json().at("/link/id")
                .asText() + "/deactivate", "{}", "sk_sandbox_local");
        assertThat(deactivated.status()).as(deactivated.text()).isEqualTo(200);
        awaitInvoice(off, i -> "DEACTIVATED".equals(i.get("status").asText()));
        awaitErp(off, d -> d.stream().anyMatch(x -> x.type().equals("invoice.status.updated")
                && x.data().get("status").asText().equals("DEACTIVATED")));
    }

    @Test
    void hubRestartsBetweenALostCreateAnswerAndBetweenTheLinkAndItsPaymentLoseNothing() throws Exception {
        String ref = ref("RESTART");
        faults("{'dropResponseRate':1}");
        Answer accepted;
        try {
            accepted = post("/invoices", "{'reference':'" + ref + "','amount':'99.50','currency':'KES'}");
        } finally {
            faults("{'dropResponseRate':0}");
        }
        assertThat(accepted.status()).as(accepted.text()).isEqualTo(202);
        assertThat(accepted.json().get("link").isNull()).isTrue();
        stopHub();
        startHub();

        JsonNode created = awaitInvoice(ref, i -> !i.get("link").isNull());
        String shortCode = created.at("/link/shortCode").asText();
        JsonNode links = sandboxGet("/api/v3/dashboard/payment-links?per_page=100", true).path("data");
        assertThat(links.findValues("referenceId").stream().filter(r -> ref.equals(r.asText()))).hasSize(1);

        // a bank checkout created just before the hub stops is paid while it is down
        String bankRef = ref("RESTARTBANK");
        Answer checkout = post("/invoices", "{'reference':'" + bankRef + "','amount':'120','currency':'KES',"
                + "'customer':{'name':'Jane Doe'},'methods':['BANK_CHECKOUT']}");
        assertThat(checkout.status()).as(checkout.text()).isEqualTo(201);

        stopHub();
        String payment = pay(shortCode, OK_PHONE, null);
        await().atMost(WAIT).until(() -> "successful".equals(sandboxPayment(payment).get("status").asText()));
        await().atMost(WAIT).until(() -> "SUCCESSFUL".equals(sandboxGet("/api/v3/deposit/bank/checkout/status/"
                + bankRef, true).at("/data/status").asText()));
        startHub();
        JsonNode bankPaid = awaitInvoice(bankRef, i -> "PAID".equals(i.get("status").asText()));
        assertThat(dec(bankPaid.at("/payments/0/amount"))).isEqualByComparingTo("120");
        awaitErp(bankRef, d -> d.stream().anyMatch(x -> x.type().equals("checkout.payment.updated")));

        JsonNode paid = awaitInvoice(ref, i -> "PAID".equals(i.get("status").asText()));
        assertThat(dec(paid.get("payments").get(0).get("fee")))
                .isEqualByComparingTo(dec(sandboxPayment(payment).get("transactionCost")));
        List<SigningErp.Delivery> erpSaw = awaitErp(ref, d -> d.stream()
                .anyMatch(x -> x.type().equals("payment_link.payment.updated")));
        assertThat(erpSaw.stream().filter(x -> x.type().equals("payment_link.created"))).hasSize(1);
        assertThat(erpSaw.get(0).type()).isEqualTo("payment_link.created");
        assertThat(dec(erpSaw.stream().filter(x -> x.type().equals("payment_link.payment.updated")).findFirst()
                .orElseThrow().data().at("/payment/amount"))).isEqualByComparingTo("99.5");
    }

    @Test
    void aReceivablesCsvDroppedInItsOwnFolderBecomesInvoicesWithLinksAndAReport() throws Exception {
        String first = ref("CSV");
        String second = ref("CSV");
        String csv = "\uFEFFReference,AMOUNT,currency,customer_phone,Usage,max_uses,methods\r\n"
                + first + ",100.50,KES,+254700000001,,,MOBILE_MONEY\r\n"
                + second + ",200,KES,,multiple_use,2,\r\n"
                + "\"=bad ref\",-5,KES,,,,\r\n";
        Path inbox = Files.createDirectories(folders.resolve("receivables"));
        Files.writeString(inbox.resolve("ar-run.csv.part"), csv);
        Files.move(inbox.resolve("ar-run.csv.part"), inbox.resolve("ar-run.csv"));

        JsonNode a = awaitInvoice(first, i -> !i.get("link").isNull());
        assertThat(a.get("source").asText()).isEqualTo("FILE");
        assertThat(dec(a.get("amount"))).isEqualByComparingTo("100.5");
        JsonNode b = awaitInvoice(second, i -> !i.get("link").isNull());
        assertThat(dec(b.get("amountDue"))).isEqualByComparingTo("400");
        Path report = folders.resolve("outbox").resolve("ar-run.receivables.csv");
        await().atMost(WAIT).until(() -> Files.exists(report));
        assertThat(Files.readAllLines(report)).contains("1," + first + ",ACCEPTED,", "2," + second + ",ACCEPTED,")
                .anySatisfy(line -> assertThat(line).startsWith("3,'=bad ref,INVALID,").contains("amount"));
        await().atMost(WAIT).until(() -> Files.list(folders.resolve("archive")).anyMatch(
                f -> f.getFileName().toString().endsWith("ar-run.csv")));
    }

    @Test
    void anInvoiceCommandHandedToTheSubmitEndpointBecomesAnInvoiceWithItsLink() {
        String ref = ref("ROUTE");
        ProducerTemplate producer = hub.getBean(CamelContext.class).createProducerTemplate();
        Exchange answer = producer.request("direct:kotani-hub-submit", e -> {
            e.getMessage().setBody(json("{'type':'INVOICE','reference':'" + ref + "','amount':75,'currency':'KES'}"));
            e.getMessage().setHeader("kotaniHubSource", "ERP-ROUTE");
        });
        Map<?, ?> result = answer.getMessage().getBody(Map.class);
        assertThat(result.get("outcome")).as(String.valueOf(result)).isEqualTo("accepted");
        JsonNode invoice = awaitInvoice(ref, i -> !i.get("link").isNull());
        assertThat(invoice.get("source").asText()).isEqualTo("ERP-ROUTE");
        Exchange invalid = producer.request("direct:kotani-hub-submit", e -> e.getMessage()
                .setBody(json("{'type':'INVOICE','reference':'" + ref + "-2','currency':'KES'}")));
        assertThat(invalid.getMessage().getBody(Map.class).get("outcome")).isEqualTo("invalid");
    }

    @Test
    void aKesBankCheckoutGivesBankPaymentDetailsAndItsPaymentReachesTheErpWithAmountAndFee() throws Exception {
        String ref = ref("BANK");
        Answer created = post("/invoices", "{'reference':'" + ref + "','amount':'2500.00','currency':'KES',"
                + "'customer':{'name':'Jane Doe','phone':'" + OK_PHONE + "'},'methods':['BANK_CHECKOUT']}");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        JsonNode checkout = created.json().get("checkout");
        assertThat(created.json().get("collection").asText()).isEqualTo("BANK_CHECKOUT");
        assertThat(created.json().get("link").isNull()).isTrue();
        assertThat(checkout.get("method").asText()).isEqualTo("BANK_CHECKOUT");
        JsonNode bank = checkout.get("bankPaymentDetails");
        assertThat(bank.get("accountNumber").asText()).isNotBlank();
        assertThat(bank.get("bankName").asText()).isNotBlank();
        assertThat(bank.get("reference").asText()).as("PesaLink narrative").isNotBlank();
        BigDecimal toTransfer = dec(bank.get("amount"));
        assertThat(toTransfer).isGreaterThanOrEqualTo(new BigDecimal("2500"));
        JsonNode atKotani = sandboxGet("/api/v3/deposit/bank/checkout/status/" + ref, true).path("data");
        assertThat(atKotani.at("/bankPaymentDetails/accountNumber").asText()).isEqualTo(bank.get("accountNumber").asText());

        JsonNode paid = awaitInvoice(ref, i -> "PAID".equals(i.get("status").asText()));
        assertThat(paid.get("payments")).hasSize(1);
        JsonNode p = paid.get("payments").get(0);
        assertThat(p.get("reference").asText()).isEqualTo(ref);
        assertThat(p.get("status").asText()).isEqualTo("SUCCESSFUL");
        assertThat(dec(p.get("amount"))).isEqualByComparingTo("2500");
        BigDecimal fee = toTransfer.subtract(new BigDecimal("2500"));
        await().atMost(WAIT).until(() -> !invoice(ref).at("/payments/0/fee").isNull());
        assertThat(dec(invoice(ref).at("/payments/0/fee"))).isEqualByComparingTo(fee);

        List<SigningErp.Delivery> erpSaw = awaitErp(ref, d -> d.stream().anyMatch(x ->
                x.type().equals("checkout.payment.updated")) && d.stream().anyMatch(x ->
                x.type().equals("invoice.status.updated") && x.data().get("status").asText().equals("PAID")));
        assertThat(erpSaw).allSatisfy(d -> assertThat(d.signed()).isTrue());
        assertThat(erpSaw.get(0).type()).isEqualTo("checkout.created");
        assertThat(erpSaw.get(0).data().at("/checkout/bankPaymentDetails/accountNumber").asText())
                .isEqualTo(bank.get("accountNumber").asText());
        SigningErp.Delivery payment = erpSaw.stream().filter(d -> d.type().equals("checkout.payment.updated"))
                .findFirst().orElseThrow();
        assertThat(payment.data().get("invoiceReference").asText()).isEqualTo(ref);
        assertThat(dec(payment.data().at("/payment/amount"))).isEqualByComparingTo("2500");
        assertThat(dec(payment.data().at("/payment/fee"))).isEqualByComparingTo(fee);
        assertThat(payment.data().get("settlement").asText()).isEqualTo("FULL");

        // a create whose answer is lost is looked up by its reference, never sent twice
        String lost = ref("BANKLOST");
        faults("{'dropResponseRate':1}");
        Answer unknown;
        try {
            unknown = post("/invoices", "{'reference':'" + lost + "','amount':'75','currency':'KES',"
                    + "'customer':{'name':'Jane Doe'},'methods':['BANK_CHECKOUT']}");
        } finally {
            faults("{'dropResponseRate':0}");
        }
        assertThat(unknown.status()).as(unknown.text()).isEqualTo(202);
        assertThat(unknown.json().get("checkout").isNull()).isTrue();
        JsonNode recovered = awaitInvoice(lost, i -> !i.get("checkout").isNull());
        assertThat(recovered.at("/checkout/bankPaymentDetails/accountNumber").asText()).isNotBlank();
        awaitInvoice(lost, i -> "PAID".equals(i.get("status").asText()));
        JsonNode txns = sandboxGet("/sandbox/transactions", false).get("transactions");
        assertThat(txns.findParents("reference").stream().filter(t -> lost.equals(t.get("reference").asText()))
                .map(t -> t.get("createCalls").asInt()).toList()).containsExactly(1);

        // the other corridors: an NGN one-time virtual account, a ZAR hosted checkout page
        Answer ngn = post("/invoices", "{'reference':'" + ref("NGN") + "','amount':'15000','currency':'NGN',"
                + "'customer':{'name':'Ada Obi'},'methods':['BANK_CHECKOUT']}");
        assertThat(ngn.status()).as(ngn.text()).isEqualTo(201);
        assertThat(ngn.json().at("/checkout/bankPaymentDetails/accountNumber").asText()).isNotBlank();
        assertThat(ngn.json().at("/checkout/bankPaymentDetails/expiresInMinutes").asInt()).isPositive();
        Answer zar = post("/invoices", "{'reference':'" + ref("ZAR") + "','amount':'800','currency':'ZAR',"
                + "'customer':{'name':'Thandi Nkosi'},'methods':['BANK_CHECKOUT']}");
        assertThat(zar.status()).as(zar.text()).isEqualTo(201);
        assertThat(zar.json().at("/checkout/redirectUrl").asText()).startsWith(sandbox);
        assertThat(zar.json().at("/checkout/bankPaymentDetails").isNull()).isTrue();

        Answer invalid = post("/invoices", "{'reference':'" + ref("BANK") + "','amount':10,'currency':'KES',"
                + "'methods':['BANK_CHECKOUT','MOBILE_MONEY'],'usage':'UNLIMITED'}");
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.text()).contains("methods", "customer.name", "pricing");
    }

    @Test
    void cardDepositsWithoutAndWithThreeDSecureArePaidAndTheRedirectUrlIsSurfaced() throws Exception {
        String plain = ref("CARD");
        Answer direct = post("/invoices", cardInvoice(plain, "4242424242424242", "VISA"));
        assertThat(direct.status()).as(direct.text()).isEqualTo(201);
        assertThat(direct.json().get("collection").asText()).isEqualTo("CARD_DEPOSIT");
        assertThat(direct.json().at("/checkout/threeDSecure").asBoolean()).isFalse();
        assertThat(direct.json().at("/checkout/redirectUrl").isNull()).isTrue();
        assertThat(direct.text()).doesNotContain("4242424242424242").doesNotContain("\"cvv\"");

        String secure = ref("CARD3DS");
        Answer challenged = post("/invoices", cardInvoice(secure, "4000000000003220", "VISA"));
        assertThat(challenged.status()).as(challenged.text()).isEqualTo(201);
        String redirect = challenged.json().at("/checkout/redirectUrl").asText();
        assertThat(challenged.json().at("/checkout/threeDSecure").asBoolean()).isTrue();
        assertThat(redirect).startsWith(sandbox);

        JsonNode paidDirect = awaitInvoice(plain, i -> "PAID".equals(i.get("status").asText()));
        JsonNode kotani = sandboxGet("/api/v3/deposit/card/" + plain, true).path("data");
        assertThat(dec(paidDirect.at("/payments/0/amount"))).isEqualByComparingTo("350");
        await().atMost(WAIT).until(() -> !invoice(plain).at("/payments/0/fee").isNull());
        assertThat(dec(invoice(plain).at("/payments/0/fee"))).isEqualByComparingTo(dec(kotani.get("transactionCost")));

        // the 3-D Secure payment waits for the customer at the redirect URL
        JsonNode waiting = invoice(secure);
        assertThat(waiting.get("status").asText()).isEqualTo("OPEN");
        assertThat(waiting.at("/payments/0/status").asText()).isEqualTo("PENDING");
        Answer page = send("GET", redirect, null, null);
        assertThat(page.status()).as(page.text()).isEqualTo(200);
        JsonNode paidSecure = awaitInvoice(secure, i -> "PAID".equals(i.get("status").asText()));
        assertThat(dec(paidSecure.at("/payments/0/amount"))).isEqualByComparingTo("350");

        List<SigningErp.Delivery> erpSaw = awaitErp(secure, d -> d.stream().anyMatch(x ->
                x.type().equals("checkout.payment.updated")));
        assertThat(erpSaw).allSatisfy(d -> assertThat(d.signed()).isTrue());
        assertThat(erpSaw.get(0).type()).isEqualTo("checkout.created");
        assertThat(erpSaw.get(0).data().at("/checkout/redirectUrl").asText()).isEqualTo(redirect);
        assertThat(erpSaw.stream().map(d -> d.data().toString())).noneMatch(t -> t.contains("4000000000003220"));
        SigningErp.Delivery payment = erpSaw.stream().filter(d -> d.type().equals("checkout.payment.updated"))
                .findFirst().orElseThrow();
        assertThat(payment.data().at("/payment/status").asText()).isEqualTo("SUCCESSFUL");
        assertThat(dec(payment.data().at("/payment/fee")))
                .isEqualByComparingTo(dec(sandboxGet("/api/v3/deposit/card/" + secure, true).at("/data/transactionCost")));

        // a declined card: the payment FAILED, the invoice FAILED, the ERP told
        String declined = ref("CARDNO");
        assertThat(post("/invoices", cardInvoice(declined, "4000000000000002", "VISA")).status()).isEqualTo(201);
        JsonNode failed = awaitInvoice(declined, i -> "FAILED".equals(i.get("status").asText()));
        assertThat(failed.at("/payments/0/status").asText()).isEqualTo("FAILED");
        awaitErp(declined, d -> d.stream().anyMatch(x -> x.type().equals("checkout.payment.updated")
                && x.data().at("/payment/status").asText().equals("FAILED")));
    }

    static String cardInvoice(String ref, String number, String brand) {
        return "{'reference':'" + ref + "','amount':'350.00','currency':'ZAR','methods':['CARD_DEPOSIT'],"
                + "'customer':{'name':'Thandi Nkosi','phone':'+27821234567'},'card':{'number':'" + number
                + "','holder':'T NKOSI','expiryMonth':'12','expiryYear':'2035','cvv':'123','paymentBrand':'" + brand
                + "'}}";
    }

    // ------------------------------------------------------------------ helpers

    record Answer(int status, String contentType, String text) {
        JsonNode json() {
            try {
                return SigningErp.JSON.readTree(text);
            } catch (IOException e) {
                throw new IllegalStateException(text, e);
            }
        }
    }

    /** A decimal the hub writes as a string (or Kotani as a number), exactly. */
    static BigDecimal dec(JsonNode value) {
        return new BigDecimal(value.asText());
    }

    static String ref(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String json(String singleQuoted) {
        return singleQuoted.replace('\'', '"');
    }

    Answer post(String path, String body) throws Exception {
        return send("POST", api + path, json(body), HUB_KEY);
    }

    JsonNode invoice(String ref) throws Exception {
        Answer answer = send("GET", api + "/invoices/" + ref, null, HUB_KEY);
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        return answer.json();
    }

    JsonNode awaitInvoice(String ref, Predicate<JsonNode> condition) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(WAIT).pollInterval(Duration.ofMillis(150)).ignoreExceptions().until(() -> {
            last[0] = invoice(ref);
            return condition.test(last[0]);
        });
        return last[0];
    }

    List<SigningErp.Delivery> awaitErp(String ref, Predicate<List<SigningErp.Delivery>> condition) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(150)).until(() -> condition.test(erp.about(ref)));
        return erp.about(ref);
    }

    static boolean allFinal(JsonNode invoice) {
        for (JsonNode p : invoice.get("payments")) {
            if (List.of("PENDING", "PROCESSING").contains(p.get("status").asText())) {
                return false;
            }
        }
        return true;
    }

    static String status(JsonNode invoice, String payment) {
        for (JsonNode p : invoice.get("payments")) {
            if (payment.equals(p.get("reference").asText())) {
                return p.get("status").asText();
            }
        }
        return null;
    }

    Answer payAnswer(String shortCode, String phone, String amount) throws Exception {
        return send("POST", sandbox + "/payment-links/" + shortCode + "/pay", json("{'phoneNumber':'" + phone
                + "','paymentMethod':'MOBILE_MONEY','network':'MPESA'" + (amount == null ? "" : ",'amount':" + amount)
                + "}"), null);
    }

    /** The customer pays through the hosted page's public call; returns the payment's reference. */
    String pay(String shortCode, String phone, String amount) throws Exception {
        Answer paid = payAnswer(shortCode, phone, amount);
        assertThat(paid.status()).as(paid.text()).isEqualTo(200);
        return paid.json().at("/data/referenceId").asText();
    }

    JsonNode sandboxPayment(String reference) throws Exception {
        return sandboxGet("/api/v3/dashboard/payment-links/transactions/reference/" + reference, true).path("data");
    }

    JsonNode sandboxGet(String path, boolean withKey) throws Exception {
        Answer answer = send("GET", sandbox + path, null, withKey ? "sk_sandbox_local" : null);
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        return answer.json();
    }

    void faults(String body) throws Exception {
        Answer answer = send("POST", sandbox + "/sandbox/faults", json(body), null);
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
    }

    Answer send(String method, String url, String body, String key) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                response.body());
    }
}

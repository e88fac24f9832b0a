package io.kotanihub.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kotanihub.dispatch.IntakeItem;
import io.kotanihub.dispatch.PaymentIntake;
import io.kotanihub.dispatch.StatusChecker;
import io.kotanihub.kotani.KotaniProperties;
import io.kotanihub.kotani.WithdrawalStatuses;
import io.kotanihub.ledger.Payment;
import io.kotanihub.ledger.PaymentRepository;
import io.kotanihub.ledger.StatusChange;
import io.kotanihub.model.CryptoLeg;
import io.kotanihub.model.PaymentCommand;
import io.kotanihub.model.PaymentMethod;
import io.kotanihub.model.PaymentStatus;
import io.kotanihub.model.PaymentType;
import io.kotanihub.model.Recipient;
import io.kotanihub.webhook.ErpReceiver.Received;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Kotani's webhooks applied to the ledger, end to end against the sandbox over real HTTP: the hub registers its
 * webhook URL at start-up, the sandbox delivers signed webhooks, the applier moves the payments. Status polling is
 * effectively off ({@code hub.dispatch.status-poll-interval=1h}), so what settles a payment here is a webhook (or,
 * for an unverified callback, the status endpoint it triggers). An ERP receiver gets everything the hub forwards.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "hub.sandbox.port=0",
        "hub.sandbox.settle-delay=300ms",
        "hub.sandbox.step-delay=100ms",
        "hub.sandbox.rate-limits.enabled=false",
        "hub.sandbox.webhooks.out-of-order-window=800ms",
        "hub.sandbox.webhooks.initial-backoff=200ms",
        "hub.kotani.throttle.enabled=false",
        "hub.kotani.register-webhook-url=true",
        "hub.kotani.webhook-apply.interval=100ms",
        "hub.kotani.webhook-apply.defer-delay=200ms",
        "hub.kotani.webhook-apply.poll-backoff=1m",
        "hub.dispatch.poll-interval=100ms",
        "hub.dispatch.status-poll-interval=1h",
        "hub.erp.webhook-secret=" + AbstractKotaniWebhookApplyTest.ERP_SECRET,
        "hub.erp.retry-schedule=0s,500ms,500ms,500ms,500ms,500ms,500ms,500ms,500ms,500ms,500ms,500ms,500ms,500ms,"
                + "500ms,500ms,500ms,500ms,500ms,500ms",
        "spring.datasource.url=jdbc:h2:mem:webhook-apply;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1"})
abstract class AbstractKotaniWebhookApplyTest {

    static final String ERP_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    static final String KOTANI_SECRET = "whsec_sandbox_local";
    static final String WITHDRAWAL_EVENT = "transaction.withdrawal.status.updated";
    static final Duration SETTLED = Duration.ofSeconds(30);
    static final ErpReceiver ERP = new ErpReceiver();

    @DynamicPropertySource
    static void erpUrl(DynamicPropertyRegistry registry) {
        registry.add("hub.erp.webhook-url", ERP::url);
    }

    @LocalServerPort
    int port;

    @Value("${hub.sandbox.port}")
    int sandboxPort;

    @Autowired
    PaymentIntake intake;

    @Autowired
    PaymentRepository payments;

    @Autowired
    KotaniWebhookEventStore store;

    @Autowired
    KotaniWebhookRegistration registration;

    @Autowired
    KotaniWebhookProperties webhookProperties;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    KotaniProperties kotaniProperties;

    @Autowired
    StatusChecker statusChecker;

    final WebhookHttp http = new WebhookHttp();

    @BeforeEach
    void cleanSandboxAndRegister() throws Exception {
        http.sandbox(sandboxPort, "POST", "/sandbox/reset", "{}");
        assertThat(registration.register()).as("the hub's webhook URL is registered at the sandbox").isTrue();
        ERP.down(false);
    }

    // ------------------------------------------------------------------ tests

    @Test
    void payoutsSettleFromWebhooksAloneAndTheirBatchCompletes() throws Exception {
        JsonNode integrator = http.sandbox(sandboxPort, "GET", "/api/v3/integrator", null).get("data");
        assertThat(integrator.get("webhook_url").asText()).isEqualTo("http://localhost:" + port + "/webhooks/kotani");

        String batchId = "wh-batch-" + UUID.randomUUID().toString().substring(0, 8);
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        jdbc.update("insert into batches (id, source, file_name, file_hash, status, total_rows, valid_rows, "
                + "invalid_rows, created_at, updated_at) values (?, 'FILE', 'payroll.csv', ?, 'DISPATCHING', 4, 4, 0, "
                + "?, ?)", batchId, UUID.randomUUID().toString().replace("-", ""), now, now);
        String[] phones = {"+254700000001", "+254700000010", "+254700000013", "+254722000001"};
        List<IntakeItem> items = new ArrayList<>();
        for (int i = 0; i < phones.length; i++) {
            items.add(new IntakeItem(payout(ref("batch"), phones[i]), i + 1));
        }
        intake.acceptAll(items, "FILE", batchId);
        String pending = submit("+254700000020");
        List<String> batch = items.stream().map(item -> item.command().reference()).toList();

        await().atMost(SETTLED).until(() -> intake.countsByStatus(batchId).entrySet().stream()
                .filter(e -> e.getKey().isTerminal()).mapToLong(Map.Entry::getValue).sum() == batch.size());

        assertThat(intake.countsByStatus(batchId)).containsExactlyInAnyOrderEntriesOf(Map.of(
                PaymentStatus.SUCCESSFUL, 2L, PaymentStatus.FAILED, 1L, PaymentStatus.CANCELLED, 1L));
        assertLedgerEqualsSandbox(batch);
        for (String reference : batch) {
            List<StatusChange> history = history(reference);
            assertThat(history).extracting(StatusChange::detail).filteredOn(d -> d != null && d.endsWith("(webhook)"))
                    .as("history of %s", reference).isNotEmpty();
            assertThat(history).extracting(StatusChange::detail)
                    .noneMatch(d -> d != null && d.contains("status endpoint"));
            await().atMost(SETTLED).until(() -> store.findByReference(reference).stream()
                    .allMatch(e -> e.processedAt() != null));
            assertThat(store.findByReference(reference)).isNotEmpty().allSatisfy(event -> {
                assertThat(event.signatureVerified()).isTrue();
                assertThat(event.outcome()).isEqualTo(KotaniWebhookApplier.Outcome.APPLIED.name());
            });
        }

        await().atMost(SETTLED).until(() -> payment(pending).status() == PaymentStatus.PROCESSING);
        Instant checkedAfter = Instant.now().plus(Duration.ofSeconds(45));
        assertThat(payment(pending).nextCheckAt()).as("polling backs off after a webhook").isAfter(checkedAfter);
        Payment cancelled = payments.findByReference(batch.get(2)).orElseThrow();
        assertThat(cancelled.status()).isEqualTo(PaymentStatus.CANCELLED);
        assertThat(cancelled.nextCheckAt()).as("still checked for late corrections, later").isAfter(checkedAfter);
    }

    @Test
    void ledgerEndsEqualToTheSandboxDespiteDuplicateOutOfOrderAndLateCorrectedWebhooks() throws Exception {
        http.sandbox(sandboxPort, "POST", "/sandbox/faults",
                "{\"duplicateWebhookRate\":0.5,\"outOfOrderWebhooks\":true,\"lateCorrectionRate\":0.75}");
        String[] phones = {"+254700000001", "+254722000001", "+254700000002", "+254700000010", "+254700000001",
                "+254733000001", "+254700000013", "+254700000002"};
        List<String> references = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            references.add(submit(phones[i % phones.length]));
        }

        await().atMost(SETTLED).until(() -> sandboxSettled(references) && webhooksDone() && eventsProcessed(references)
                && ledgerEqualsSandbox(references));
        assertLedgerEqualsSandbox(references);

        JsonNode log = http.sandbox(sandboxPort, "GET", "/sandbox/webhooks", null).get("deliveries");
        List<JsonNode> deliveries = new ArrayList<>();
        log.forEach(deliveries::add);
        assertThat(deliveries).as("the sandbox sent duplicates").anyMatch(d -> d.get("duplicate").asBoolean());
        assertThat(deliveries).allMatch(d -> "SIGNED".equals(d.get("mode").asText()));
        Set<String> corrected = new LinkedHashSet<>();
        for (JsonNode txn : http.sandbox(sandboxPort, "GET", "/sandbox/transactions", null).get("transactions")) {
            if (references.contains(txn.get("reference").asText()) && txn.get("history").toString().contains("CANCELLED")
                    && "SUCCESSFUL".equals(txn.get("status").asText())) {
                corrected.add(txn.get("reference").asText());
            }
        }
        assertThat(corrected).as("late corrections happened").isNotEmpty();
        for (String reference : corrected) {
            assertThat(payment(reference).status()).isEqualTo(PaymentStatus.SUCCESSFUL);
        }
        for (String reference : references) {
            long delivered = deliveries.stream().filter(d -> reference.equals(d.get("reference").asText())).count();
            assertThat((long) store.findByReference(reference).size()).as("duplicates are stored once")
                    .isLessThanOrEqualTo(delivered);
        }
    }

    @Test
    void forgedTamperedWrongSecretAndChangedReplaysAreRefusedAndChangeNothing() throws Exception {
        String reference = submit("+254700000001");
        await().atMost(SETTLED).until(() -> payment(reference).status() == PaymentStatus.SUCCESSFUL
                && eventsProcessed(List.of(reference)));
        Payment before = payment(reference);
        int historyBefore = history(reference).size();
        int storedBefore = store.findByReference(reference).size();
        KotaniWebhookEvent inProgress = storedEvent(reference, "IN_PROGRESS");
        KotaniWebhookEvent successful = storedEvent(reference, "SUCCESSFUL");
        String inProgressSignature = WebhookHttp.JSON.readTree(inProgress.rawBody()).get("signature").asText();
        String successfulSignature = WebhookHttp.JSON.readTree(successful.rawBody()).get("signature").asText();

        HttpResponse<String> replay = deliver(inProgress.rawBody(), inProgressSignature);
        assertThat(replay.statusCode()).isEqualTo(200);
        assertThat(WebhookHttp.JSON.readTree(replay.body()).get("duplicate").asBoolean()).isTrue();

        assertRefused(deliver(inProgress.rawBody().replace("\"status\":\"IN_PROGRESS\"", "\"status\":\"FAILED\""),
                inProgressSignature));
        assertRefused(deliver(successful.rawBody().replace("\"status\":\"SUCCESSFUL\"", "\"status\":\"REVERSED\""),
                successfulSignature));
        assertRefused(deliver(successful.rawBody().replaceFirst("\"transactionCost\":[0-9.]+", "\"transactionCost\":0"),
                successfulSignature));
        String failed = withdrawalData(reference, "FAILED");
        KotaniSigned wrongSecret = KotaniSigned.of("whsec_not_the_secret", WITHDRAWAL_EVENT, failed);
        assertRefused(deliver(wrongSecret.body(), wrongSecret.signature()));
        KotaniSigned genuine = KotaniSigned.of(KOTANI_SECRET, WITHDRAWAL_EVENT, failed);
        assertRefused(deliver(genuine.body(), "sha256=" + "0".repeat(64)));
        assertRefused(http.deliver(port, genuine.body(), Map.of()));
        assertRefused(http.deliver(port, failed, Map.of()));

        Payment after = payment(reference);
        assertThat(after.status()).isEqualTo(PaymentStatus.SUCCESSFUL);
        assertThat(after.version()).isEqualTo(before.version());
        assertThat(history(reference)).hasSize(historyBefore);
        assertThat(store.findByReference(reference)).hasSize(storedBefore);

        ObjectNode olderStatus = (ObjectNode) WebhookHttp.JSON.readTree(inProgress.rawBody()).get("data");
        olderStatus.put("timestamp", Instant.now().toString());
        KotaniSigned late = KotaniSigned.of(KOTANI_SECRET, WITHDRAWAL_EVENT, WebhookHttp.JSON.writeValueAsString(olderStatus));
        assertThat(deliver(late.body(), late.signature()).statusCode()).isEqualTo(200);
        await().atMost(SETTLED).until(() -> store.findByReference(reference).size() == storedBefore + 1
                && eventsProcessed(List.of(reference)));
        assertThat(payment(reference).status()).as("an older status never regresses the payment")
                .isEqualTo(PaymentStatus.SUCCESSFUL);
        assertThat(payment(reference).kotaniStatus()).isEqualTo("SUCCESSFUL");
        assertThat(history(reference)).hasSize(historyBefore);
    }

    @Test
    void unverifiedCallbacksAreConfirmedWithTheStatusEndpointBeforeTheLedgerChanges() throws Exception {
        http.sandbox(sandboxPort, "PATCH", "/api/v3/integrator/webhook", "{\"webhook_url\":\"\"}");
        String reference = submit("+254700000001");
        await().atMost(SETTLED).until(() -> "SUCCESSFUL".equals(sandboxStatuses().get(reference)));
        assertThat(payment(reference).status()).as("no webhook and no polling: the ledger does not know yet")
                .isEqualTo(PaymentStatus.SUBMITTED);
        String unknown = ref("nobody");

        webhookProperties.setAcceptDirectCallbacks(true);
        try {
            assertThat(http.deliver(port, withdrawalData(reference, "FAILED"), Map.of()).statusCode()).isEqualTo(200);
            assertThat(http.deliver(port, withdrawalData(unknown, "SUCCESSFUL"), Map.of()).statusCode())
                    .isEqualTo(200);

            await().atMost(SETTLED).until(() -> eventsProcessed(List.of(reference, unknown)));
        } finally {
            webhookProperties.setAcceptDirectCallbacks(false);
        }

        Payment confirmed = payment(reference);
        assertThat(confirmed.status()).as("what the status endpoint says, not what the callback claimed")
                .isEqualTo(PaymentStatus.SUCCESSFUL);
        assertThat(confirmed.kotaniId()).isNotEqualTo("forged");
        assertThat(history(reference)).extracting(StatusChange::status).doesNotContain(PaymentStatus.FAILED);
        assertThat(history(reference)).last().extracting(StatusChange::detail).asString()
                .endsWith("(status endpoint)");
        assertThat(store.findByReference(reference)).singleElement().satisfies(event -> {
            assertThat(event.signatureVerified()).isFalse();
            assertThat(event.outcome()).isEqualTo(KotaniWebhookApplier.Outcome.CONFIRMED.name());
        });
        assertThat(store.findByReference(unknown)).singleElement().extracting(KotaniWebhookEvent::outcome)
                .isEqualTo(KotaniWebhookApplier.Outcome.IGNORED.name());
        assertThat(payments.findByReference(unknown)).isEmpty();
    }

    @Test
    void otherEventsAreForwardedAndAnErpThatWasDownGetsEverythingInOrderSigned() throws Exception {
        ERP.down(true);
        String reference = submit("+254700000001");
        String offramp = ref("offramp");
        String settlement = ref("settlement");
        String unknownEvent = ref("unknown");
        String notice = "maintenance " + UUID.randomUUID();
        List<KotaniSigned> sent = new ArrayList<>();
        Map<KotaniSigned, String> events = new LinkedHashMap<>();
        events.put(KotaniSigned.of(KOTANI_SECRET, "refund.lightning.invoice_needed", "{\"referenceId\":\"" + offramp
                + "\",\"status\":\"FAILED\",\"onchainStatus\":\"SUCCESSFUL\",\"refundStatus\":\"INVOICE_NEEDED\","
                + "\"refundAmount\":12345000,\"refundAmountSats\":12345,\"chain\":\"LIGHTNING\",\"currency\":\"KES\"}"),
                "refund.lightning.invoice_needed");
        events.put(KotaniSigned.of(KOTANI_SECRET, "refund.completed", "{\"referenceId\":\"" + offramp
                + "\",\"status\":\"REVERSED\",\"refundStatus\":\"SUCCESSFUL\",\"refundTransactionHash\":\"0xabc\","
                + "\"refundAmount\":0.00012345,\"chain\":\"BTC\",\"token\":\"BTC\",\"currency\":\"KES\"}"),
                "refund.completed");
        events.put(KotaniSigned.of(KOTANI_SECRET, "settlement.processed", "{\"settlementId\":\"st-1\",\"referenceId\":\""
                + settlement + "\",\"status\":\"PROCESSED\",\"amount\":1000,\"fee\":10.5,\"netAmount\":989.5,"
                + "\"currency\":\"KES\"}"), "settlement.processed");
        events.put(KotaniSigned.of(KOTANI_SECRET, "something.brand.new", "{\"referenceId\":\"" + unknownEvent
                + "\",\"hello\":\"wörld\"}"), "something.brand.new");
        events.put(KotaniSigned.of(KOTANI_SECRET, "system.event", "{\"message\":\"" + notice + "\"}"), "system.event");
        for (Map.Entry<KotaniSigned, String> event : events.entrySet()) {
            assertThat(http.deliver(port, event.getKey().body(), event.getKey().headers(event.getValue())).statusCode())
                    .isEqualTo(200);
            sent.add(event.getKey());
        }

        await().atMost(SETTLED).until(() -> payment(reference).status() == PaymentStatus.SUCCESSFUL
                && jdbc.queryForObject("select count(*) from erp_deliveries where reference in (?, ?, ?)",
                        Integer.class, offramp, settlement, unknownEvent) == 4
                && ERP.all().stream().filter(r -> r.answered() == 503).count() >= 3);
        ERP.down(false);

        int expectedPaymentEvents = history(reference).size();
        await().atMost(SETTLED).until(() -> deliveredFor(reference).size() == expectedPaymentEvents
                && deliveredFor(offramp).size() == 2 && deliveredFor(settlement).size() == 1
                && deliveredFor(unknownEvent).size() == 1 && forwardedSystemEvent(notice) != null);

        assertThat(ERP.accepted()).allSatisfy(delivery -> assertThat(ErpReceiver.signatureValid(delivery, ERP_SECRET))
                .as("signature of %s", delivery.headers().get("webhook-id")).isTrue());
        List<JsonNode> paymentEvents = deliveredFor(reference).stream().map(r -> r.json().get("data")).toList();
        assertThat(paymentEvents).extracting(e -> PaymentStatus.valueOf(e.get("status").asText()))
                .containsExactlyElementsOf(history(reference).stream().map(StatusChange::status).toList());
        assertThat(paymentEvents).extracting(e -> e.get("eventId").asLong()).isSorted();

        List<JsonNode> refunds = deliveredFor(offramp).stream().map(Received::json).toList();
        assertThat(refunds).extracting(r -> r.get("type").asText()).containsOnly("kotani.event");
        assertThat(refunds).extracting(r -> r.get("data").get("event").asText())
                .containsExactly("refund.lightning.invoice_needed", "refund.completed");
        assertThat(refunds.get(1).get("data").get("data").get("refundAmount").decimalValue())
                .isEqualByComparingTo(new BigDecimal("0.00012345"));
        JsonNode settled = deliveredFor(settlement).get(0).json().get("data");
        assertThat(settled.get("event").asText()).isEqualTo("settlement.processed");
        assertThat(settled.get("data").get("netAmount").decimalValue()).isEqualByComparingTo("989.5");
        assertThat(deliveredFor(unknownEvent).get(0).json().get("data").get("data").get("hello").asText())
                .isEqualTo("wörld");
        assertThat(forwardedSystemEvent(notice).get("reference").isNull()).isTrue();
        for (String forwarded : List.of(offramp, settlement, unknownEvent)) {
            assertThat(store.findByReference(forwarded)).allSatisfy(event -> assertThat(event.outcome())
                    .isEqualTo(KotaniWebhookApplier.Outcome.FORWARDED.name()));
        }
    }


    @Test
    void collectionsOnrampsAndOfframpsSettleFromTheirOwnStatusWebhooks() {
        Map<PaymentCommand, PaymentStatus> commands = new LinkedHashMap<>();
        commands.put(typed(PaymentType.COLLECTION, "1500", "KES", "+254700000001", null), PaymentStatus.SUCCESSFUL);
        commands.put(typed(PaymentType.COLLECTION, "700", "KES", "+254700000010", null), PaymentStatus.FAILED);
        commands.put(typed(PaymentType.ONRAMP, "1000", "KES", "+254700000001",
                new CryptoLeg("CELO", "CUSD", CELO_WALLET, null, null)), PaymentStatus.SUCCESSFUL);
        commands.put(typed(PaymentType.ONRAMP, "2000", "KES", "+254700000013",
                new CryptoLeg("CELO", "CUSD", CELO_WALLET, null, null)), PaymentStatus.CANCELLED);
        commands.put(typed(PaymentType.OFFRAMP, "25", "USDT", "+254700000001",
                new CryptoLeg("CELO", null, null, null, "KES")), PaymentStatus.SUCCESSFUL);
        commands.put(typed(PaymentType.OFFRAMP, "12.5", "USDT", "+254700000010",
                new CryptoLeg("CELO", null, null, null, "KES")), PaymentStatus.REVERSED);
        Map<String, PaymentStatus> expected = new LinkedHashMap<>();
        commands.forEach((command, status) -> {
            intake.accept(command, "API", null, null);
            expected.put(command.reference(), status);
        });

        await().atMost(SETTLED).untilAsserted(() -> {
            Map<String, PaymentStatus> actual = new LinkedHashMap<>();
            expected.keySet().forEach(r -> actual.put(r, payment(r).status()));
            assertThat(actual).isEqualTo(expected);
        });
        await().atMost(SETTLED).until(() -> eventsProcessed(expected.keySet()));

        Map<PaymentType, String> statusEvents = Map.of(PaymentType.COLLECTION, "transaction.deposit.status.updated",
                PaymentType.ONRAMP, "transaction.onramp.status.updated",
                PaymentType.OFFRAMP, "transaction.offramp.status.updated");
        for (String reference : expected.keySet()) {
            List<StatusChange> history = history(reference);
            assertThat(history).extracting(StatusChange::detail).as("history of %s", reference)
                    .noneMatch(d -> d != null && d.contains("status endpoint"))
                    .filteredOn(d -> d != null && d.endsWith("(webhook)")).isNotEmpty();
            String statusEvent = statusEvents.get(payment(reference).type());
            assertThat(store.findByReference(reference)).filteredOn(e -> statusEvent.equals(e.eventName()))
                    .as("status webhooks of %s", reference).isNotEmpty()
                    .allSatisfy(event -> assertThat(event.outcome())
                            .isEqualTo(KotaniWebhookApplier.Outcome.APPLIED.name()));
        }
    }


    @Test
    void unsignedCallbacksAreRefusedWhileDirectModeIsOffAndTheLedgerStillEndsEqualToKotani() throws Exception {
        http.sandbox(sandboxPort, "PATCH", "/api/v3/integrator/webhook", "{\"webhook_secret\":\"\"}");
        kotaniProperties.setCallbackUrl("http://localhost:" + port + "/webhooks/kotani");
        List<String> references = new ArrayList<>();
        try {
            for (String phone : List.of("+254700000001", "+254700000010", "+254700000013", "+254722000001")) {
                references.add(submit(phone));
            }
            await().atMost(SETTLED).until(() -> sandboxSettled(references) && refusedDirectCallbacks(references));
        } finally {
            kotaniProperties.setCallbackUrl(null);
            http.sandbox(sandboxPort, "PATCH", "/api/v3/integrator/webhook",
                    "{\"webhook_secret\":\"" + KOTANI_SECRET + "\"}");
        }
        for (String reference : references) {
            assertThat(store.findByReference(reference)).as("nothing stored for %s", reference).isEmpty();
            assertThat(payment(reference).status()).as("no callback moved %s", reference)
                    .isIn(PaymentStatus.SUBMITTED, PaymentStatus.PROCESSING);
        }

        for (String reference : references) {
            assertThat(statusChecker.check(payment(reference))).as("status check of %s", reference).isTrue();
        }
        assertLedgerEqualsSandbox(references);
    }

    /** Every reference had a direct (unsigned) callback attempted at the hub, and every attempt was answered 401. */
    boolean refusedDirectCallbacks(Collection<String> references) throws Exception {
        Map<String, List<JsonNode>> byReference = new HashMap<>();
        for (JsonNode delivery : http.sandbox(sandboxPort, "GET", "/sandbox/webhooks", null).get("deliveries")) {
            byReference.computeIfAbsent(delivery.get("reference").asText(), r -> new ArrayList<>()).add(delivery);
        }
        return references.stream().allMatch(r -> byReference.containsKey(r) && byReference.get(r).stream()
                .anyMatch(d -> d.get("attempts").asInt() > 0) && byReference.get(r).stream()
                .allMatch(d -> "DIRECT".equals(d.get("mode").asText()) && !d.get("delivered").asBoolean()
                        && (d.get("attempts").asInt() == 0 || d.get("lastStatus").asInt() == 401)));
    }

    // ------------------------------------------------------------------ helpers

    static final String CELO_WALLET = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed";

    /** A collection, onramp or offramp by mobile money; {@code currency} is the token for an offramp. */
    static PaymentCommand typed(PaymentType type, String amount, String currency, String phone, CryptoLeg crypto) {
        return new PaymentCommand(ref(type.name().toLowerCase()), type, PaymentMethod.MOBILE_MONEY,
                new BigDecimal(amount), currency, null, new Recipient("Jane Doe", phone, "MPESA", null, null, null,
                null, null), null, null, null, crypto);
    }

    static String ref(String what) {
        return "wh-" + what + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static PaymentCommand payout(String reference, String phone) {
        return new PaymentCommand(reference, PaymentType.PAYOUT, PaymentMethod.MOBILE_MONEY, new BigDecimal("50"),
                "KES", null, new Recipient("Jane Doe", phone, "MPESA", null, null, null, null, null), null, null, null);
    }

    String submit(String phone) {
        PaymentCommand command = payout(ref("payout"), phone);
        intake.accept(command, "API", null, null);
        return command.reference();
    }

    Payment payment(String reference) {
        return payments.findByReference(reference).orElseThrow();
    }

    List<StatusChange> history(String reference) {
        return payments.history(payment(reference).id());
    }

    HttpResponse<String> deliver(String body, String signature) throws Exception {
        return http.deliver(port, body, Map.of("X-Kotani-Signature", signature));
    }

    static void assertRefused(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
    }

    KotaniWebhookEvent storedEvent(String reference, String status) {
        return store.findByReference(reference).stream().filter(e -> status.equals(e.status())).findFirst()
                .orElseThrow(() -> new AssertionError("no stored " + status + " webhook for " + reference));
    }

    /** A §19.4 withdrawal payload (also the body of a direct callback). */
    static String withdrawalData(String reference, String status) {
        return "{\"status\":\"" + status + "\",\"referenceId\":\"" + reference + "\",\"referenceNumber\":2001,"
                + "\"id\":\"forged\",\"amount\":50,\"walletId\":\"64a1b2c3d4e5f6a7b8c9d0e2\",\"transactionAmount\":50,"
                + "\"transactionCost\":0,\"customerKey\":\"cust_forged\",\"errorMessage\":\"\"}";
    }

    Map<String, String> sandboxStatuses() throws Exception {
        Map<String, String> statuses = new HashMap<>();
        for (JsonNode txn : http.sandbox(sandboxPort, "GET", "/sandbox/transactions", null).get("transactions")) {
            statuses.put(txn.get("reference").asText(), txn.get("status").asText());
        }
        return statuses;
    }

    boolean sandboxSettled(Collection<String> references) throws Exception {
        Map<String, String> statuses = sandboxStatuses();
        return references.stream().allMatch(r -> WithdrawalStatuses.map(statuses.get(r))
                .map(PaymentStatus::isTerminal).orElse(false));
    }

    boolean webhooksDone() throws Exception {
        for (JsonNode delivery : http.sandbox(sandboxPort, "GET", "/sandbox/webhooks", null).get("deliveries")) {
            if (!delivery.get("delivered").asBoolean()) {
                return false;
            }
        }
        return true;
    }

    boolean eventsProcessed(Collection<String> references) {
        return references.stream().allMatch(r -> store.findByReference(r).stream().allMatch(e -> e.processedAt() != null));
    }

    boolean ledgerEqualsSandbox(Collection<String> references) throws Exception {
        Map<String, String> truth = sandboxStatuses();
        return references.stream().allMatch(r -> WithdrawalStatuses.map(truth.get(r)).orElse(null)
                == payments.findByReference(r).map(Payment::status).orElse(null));
    }

    void assertLedgerEqualsSandbox(Collection<String> references) throws Exception {
        Map<String, String> truth = sandboxStatuses();
        Map<String, PaymentStatus> expected = new LinkedHashMap<>();
        Map<String, PaymentStatus> actual = new LinkedHashMap<>();
        for (String reference : references) {
            expected.put(reference, WithdrawalStatuses.map(truth.get(reference)).orElseThrow());
            actual.put(reference, payment(reference).status());
        }
        assertThat(actual).isEqualTo(expected);
    }

    /** The ERP deliveries about one reference that the receiver accepted, each message once, in arrival order. */
    static List<Received> deliveredFor(String reference) {
        Map<String, Received> byMessage = new LinkedHashMap<>();
        for (Received delivery : ERP.accepted()) {
            JsonNode data = delivery.json().get("data");
            if (reference.equals(data.path("reference").asText())) {
                byMessage.putIfAbsent(delivery.headers().get("webhook-id"), delivery);
            }
        }
        return List.copyOf(byMessage.values());
    }

    static JsonNode forwardedSystemEvent(String message) {
        return ERP.accepted().stream().map(r -> r.json().get("data"))
                .filter(d -> message.equals(d.path("data").path("message").asText())).findFirst().orElse(null);
    }
}

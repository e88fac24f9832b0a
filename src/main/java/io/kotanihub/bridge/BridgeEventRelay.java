package io.kotanihub.bridge;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kotanihub.webhook.erp.ErpOutbox;
import org.apache.camel.ProducerTemplate;
import org.springframework.stereotype.Component;

/**
 * Hands the bridge's stored events over, each channel under its own lock row and marked in the same transaction
 * (at least once, each with its unique {@code event_id}; nothing lost on a crash): to the ERP webhook outbox (type
 * {@code bridge.status.updated} or {@code bridge.refund.required}) and to Kafka through
 * {@code direct:publish-bridge-event} (key = provider_reference_id).
 */
@Component
public class BridgeEventRelay {

    private final BridgeLedger ledger;
    private final ErpOutbox erp;
    private final ProducerTemplate producer;

    public BridgeEventRelay(BridgeLedger ledger, ErpOutbox erp, ProducerTemplate producer) {
        this.ledger = ledger;
        this.erp = erp;
        this.producer = producer;
    }

    public int enqueueErp() {
        return ledger.handOver("bridge-erp-events", "erp_enqueued_at", 200, event -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("type", BridgeEvents.REFUND_REQUIRED.equals(event.type()) ? "bridge.refund.required"
                    : "bridge.status.updated");
            body.put("timestamp", event.at() == null ? null : event.at().toString());
            body.put("data", withId(event));
            erp.enqueueBridgeEvent(event.id(), event.providerReferenceId(), BridgeLedger.write(body));
        });
    }

    public int publishKafka() {
        return ledger.handOver("bridge-kafka-events", "kafka_published_at", 200, event ->
                producer.sendBodyAndHeader("direct:publish-bridge-event", BridgeLedger.write(withId(event)),
                        "kafka.KEY", event.providerReferenceId()));
    }

    private static ObjectNode withId(BridgeLedger.StoredEvent event) {
        ObjectNode payload = (ObjectNode) BridgeService.readTree(event.payload());
        ObjectNode out = BridgeClient.JSON.createObjectNode();
        out.put("event_id", event.id());
        out.setAll(payload);
        return out;
    }
}

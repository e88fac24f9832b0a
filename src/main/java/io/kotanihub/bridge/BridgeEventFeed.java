package io.kotanihub.bridge;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kotanihub.events.LedgerEvent;
import org.springframework.stereotype.Component;

/**
 * The bridge's stored events (each status change and {@code REFUND_REQUIRED}) as the endpoints that read the event log
 * send them: the stored payload with its unique {@code event_id} first, keyed by the provider reference; for the ERP,
 * a webhook of type {@code bridge.status.updated} or {@code bridge.refund.required} with that payload as
 * {@code data}.
 */
@Component
public class BridgeEventFeed {

    private final BridgeLedger ledger;

    public BridgeEventFeed(BridgeLedger ledger) {
        this.ledger = ledger;
    }

    /** The events of these {@code bridge_events} ids (those that still exist), by id. */
    public Map<Long, LedgerEvent> events(Collection<Long> ids) {
        Map<Long, LedgerEvent> out = new LinkedHashMap<>();
        for (BridgeLedger.StoredEvent event : ledger.events(ids)) {
            String type = BridgeEvents.REFUND_REQUIRED.equals(event.type()) ? "bridge.refund.required"
                    : "bridge.status.updated";
            ObjectNode data = withId(event);
            Map<String, Object> webhook = new LinkedHashMap<>();
            webhook.put("type", type);
            webhook.put("timestamp", event.at() == null ? null : event.at().toString());
            webhook.put("data", data);
            out.put(event.id(), new LedgerEvent(LedgerEvent.BRIDGE, event.id(), event.providerReferenceId(), type,
                    BridgeLedger.write(data), BridgeLedger.write(webhook)));
        }
        return out;
    }

    private static ObjectNode withId(BridgeLedger.StoredEvent event) {
        ObjectNode payload = (ObjectNode) BridgeService.readTree(event.payload());
        ObjectNode out = BridgeClient.JSON.createObjectNode();
        out.put("event_id", event.id());
        out.setAll(payload);
        return out;
    }
}

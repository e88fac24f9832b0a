package io.kotanihub.events;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The message that carries one of Kotani's own events (a refund, a settlement, a KYC change, a system notice, a name
 * not known yet) onwards, the same on Kafka and to the ERP: {@code {"type":"kotani.event","timestamp":…,"data":
 * {"kotaniEventId","event","reference","receivedAt","data"}}}, where the inner {@code data} is Kotani's {@code data}
 * member exactly as received (numbers exact).
 */
public final class KotaniEventMessage {

    /** The {@code type} of the message. */
    public static final String TYPE = "kotani.event";

    private KotaniEventMessage() {
    }

    public static Map<String, Object> body(long kotaniEventId, String eventName, String reference, Instant receivedAt,
                                           JsonNode data) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("kotaniEventId", kotaniEventId);
        event.put("event", eventName);
        event.put("reference", reference);
        event.put("receivedAt", receivedAt == null ? null : receivedAt.toString());
        event.put("data", data == null || data.isMissingNode() ? null : data);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", TYPE);
        body.put("timestamp", receivedAt == null ? null : receivedAt.toString());
        body.put("data", event);
        return body;
    }

    /** The key that orders Kotani events: their reference, or {@code kotani:<event name>} for those without one. */
    public static String orderingKey(String reference, String eventName) {
        String key = reference != null ? reference : "kotani:" + (eventName == null ? "unnamed" : eventName);
        return key.length() > 128 ? key.substring(0, 128) : key;
    }
}

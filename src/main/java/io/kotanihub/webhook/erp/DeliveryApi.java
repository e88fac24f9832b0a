package io.kotanihub.webhook.erp;

import java.util.List;
import java.util.Map;
import java.util.Set;

import io.kotanihub.rest.ApiProblem;
import io.kotanihub.rest.ApiResponse;
import io.kotanihub.rest.QueryParams;
import org.springframework.stereotype.Component;

/** {@code GET /deliveries?state=} and {@code POST /deliveries/{id}/replay}: the ERP outbox seen from the REST API. */
@Component
public class DeliveryApi {

    private static final int MAX_LIMIT = 1000;

    private static final Set<String> STATES = Set.of("PENDING", "DELIVERED", "DEAD");

    private final ErpOutbox outbox;

    public DeliveryApi(ErpOutbox outbox) {
        this.outbox = outbox;
    }

    public ApiResponse list(String state, String limit) {
        String wanted = state == null ? "DEAD" : state.toUpperCase();
        if (!STATES.contains(wanted)) {
            throw new ApiProblem(400, "Bad Request", "state must be one of pending, delivered, dead");
        }
        List<Map<String, Object>> deliveries = outbox.list(wanted, QueryParams.wholeNumber("limit", limit, 1, MAX_LIMIT, 100)).stream()
                .map(ErpOutbox::view).toList();
        return ApiResponse.json(200, Map.of("state", wanted, "count", deliveries.size(), "deliveries", deliveries));
    }

    public ApiResponse replay(String id) {
        long deliveryId;
        try {
            deliveryId = Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw new ApiProblem(404, "Not Found", "no delivery " + id);
        }
        ErpDelivery delivery = outbox.find(deliveryId)
                .orElseThrow(() -> new ApiProblem(404, "Not Found", "no delivery " + id));
        if (!outbox.replay(deliveryId)) {
            throw new ApiProblem(409, "Conflict", "delivery " + id + " is " + delivery.state() + ", only DEAD ones are replayed");
        }
        return ApiResponse.json(202, ErpOutbox.view(outbox.find(deliveryId).orElseThrow()));
    }
}

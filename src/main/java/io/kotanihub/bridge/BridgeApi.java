package io.kotanihub.bridge;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kotanihub.rest.ApiProblem;
import io.kotanihub.rest.ApiProperties;
import io.kotanihub.rest.ApiResponse;
import io.kotanihub.rest.PathParams;
import org.springframework.stereotype.Component;

/**
 * {@code /api/v1/bridge/transfers}: create (201, or 202 while Kotani's answer is outstanding, 200 for the same
 * request again), read, and the provider's settlement and refund reports (202: stored for delivery to Kotani).
 */
@Component
public class BridgeApi {

    private final BridgeService service;
    private final BridgeLedger ledger;
    private final ApiProperties api;

    public BridgeApi(BridgeService service, BridgeLedger ledger, ApiProperties api) {
        this.service = service;
        this.ledger = ledger;
        this.api = api;
    }

    public ApiResponse create(byte[] body) {
        ObjectNode request = BridgeRequests.readObject(limit(body));
        BridgeService.CreateResult result = service.create(request, "API");
        BridgeTransfer t = result.transfer();
        if (BridgeTransfer.REJECTED.equals(t.createState()) && result.created()) {
            throw new ApiProblem(422, "Refused by Kotani", "Kotani refused the transfer: " + t.kotaniError());
        }
        int status = !result.created() ? 200 : BridgeTransfer.CREATED.equals(t.createState()) ? 201 : 202;
        return ApiResponse.json(status, view(t));
    }

    public ApiResponse get(String providerReference) {
        return ApiResponse.json(200, view(service.require(PathParams.decode(providerReference))));
    }

    public ApiResponse settlement(String providerReference, byte[] body) {
        return ApiResponse.json(202, view(service.settlement(PathParams.decode(providerReference), BridgeRequests.readObject(limit(body)))));
    }

    public ApiResponse refund(String providerReference, byte[] body) {
        return ApiResponse.json(202, view(service.refund(PathParams.decode(providerReference), BridgeRequests.readObject(limit(body)))));
    }

    private byte[] limit(byte[] body) {
        if (body != null && body.length > api.getMaxJsonBody().toBytes()) {
            throw new ApiProblem(413, "Payload Too Large",
                    "a bridge request may not exceed " + api.getMaxJsonBody().toKilobytes() + " KB");
        }
        return body;
    }

    /** The transfer as the API shows it (snake_case, like Kotani's bridge). */
    Map<String, Object> view(BridgeTransfer t) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("provider_reference_id", t.providerReferenceId());
        out.put("kotani_reference_id", t.kotaniReferenceId());
        out.put("status", t.status() == null ? null : t.status().name());
        out.put("status_text", t.status() == null ? null : t.status().customerText());
        out.put("create_state", t.createState());
        out.put("kotani_error", t.kotaniError());
        out.put("amount", t.amount().stripTrailingZeros().toPlainString());
        out.put("source_currency", t.sourceCurrency());
        out.put("chain", t.chain());
        out.put("token", t.token());
        out.put("payment_hash", t.paymentHash());
        out.put("source", t.source());
        out.put("history", ledger.history(t.id()).stream().map(h -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("status", h.status().name());
            entry.put("at", h.at().toString());
            entry.put("source", h.source());
            return entry;
        }).toList());
        JsonNode config = BridgeService.readConfig(t);
        out.put("refund_config", config);
        Map<String, Object> refund = new LinkedHashMap<>();
        refund.put("state", t.refundState());
        refund.put("method", t.refundTarget());
        refund.put("regenerations", t.refundRegenerations());
        out.put("refund", refund);
        if (t.failureStage() != null) {
            Map<String, Object> failure = new LinkedHashMap<>();
            failure.put("failure_stage", t.failureStage());
            failure.put("failure_reason", t.failureReason());
            failure.put("failure_message", t.failureMessage());
            out.put("failure", failure);
        }
        out.put("reports", ledger.reports(t.id()).stream().map(r -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("status", r.status());
            entry.put("state", r.state());
            entry.put("attempts", r.attempts());
            entry.put("last_status", r.lastStatus());
            entry.put("last_error", r.lastError());
            entry.put("delivered_at", r.deliveredAt() == null ? null : r.deliveredAt().toString());
            return entry;
        }).toList());
        out.put("anomalies", ledger.anomalies(t.id()).stream().map(a -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("from_status", a.fromStatus());
            entry.put("to_status", a.toStatus());
            entry.put("source", a.source());
            entry.put("detail", a.detail());
            entry.put("at", a.at().toString());
            return entry;
        }).toList());
        out.put("created_at", t.createdAt().toString());
        out.put("updated_at", t.updatedAt().toString());
        return out;
    }
}

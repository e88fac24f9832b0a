package io.kotanihub.sandbox.control;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.kotanihub.sandbox.core.SandboxFaults;
import io.kotanihub.sandbox.core.SandboxResettable;
import io.kotanihub.sandbox.core.SandboxStore;
import io.kotanihub.sandbox.core.SandboxTransaction;
import io.kotanihub.sandbox.web.SandboxApiException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Test control under {@code /sandbox/} (not part of Kotani's API, no authentication). */
@RestController
@RequestMapping("/sandbox")
public class ControlController {

    private final SandboxStore store;
    private final SandboxFaults faults;
    private final List<SandboxResettable> resettables;

    private final io.kotanihub.sandbox.bulk.BulkPayments bulk;

    public ControlController(SandboxStore store, SandboxFaults faults, List<SandboxResettable> resettables,
                             io.kotanihub.sandbox.bulk.BulkPayments bulk) {
        this.bulk = bulk;
        this.store = store;
        this.faults = faults;
        this.resettables = resettables;
    }

    /** Every transaction created, with how many create calls arrived for its reference. */
    @GetMapping("/transactions")
    Map<String, Object> transactions() {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (SandboxTransaction txn : store.all()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", txn.id());
            row.put("reference", txn.reference());
            row.put("family", txn.family().name());
            row.put("type", txn.kind());
            row.put("status", txn.status());
            row.put("createCalls", store.createCalls(txn.family(), txn.reference()));
            // bulk payments (§15): how many bulk create requests named the reference (0 for other transactions)
            row.put("bulkCreateRequests", bulk.createRequests(txn.reference()));
            row.put("amount", txn.attributes().get("amount"));
            row.put("currency", txn.attributes().get("currency"));
            row.put("createdAt", txn.createdAt().toString());
            row.put("history", txn.history().stream()
                    .map(h -> Map.of("status", h.status(), "at", h.at().toString())).toList());
            rows.add(row);
        }
        return Map.of("count", rows.size(), "transactions", rows);
    }

    @GetMapping("/faults")
    Map<String, Object> faults() {
        return faults.describe();
    }

    @PostMapping("/faults")
    Map<String, Object> setFaults(@RequestBody Map<String, Object> settings) {
        try {
            faults.apply(settings);
        } catch (IllegalArgumentException | ClassCastException e) {
            throw SandboxApiException.badRequest("Invalid fault settings: " + e.getMessage());
        }
        return faults.describe();
    }

    /** Forgets every transaction, fault, rate-limit window and pending delivery, and refunds the wallets. */
    @PostMapping("/reset")
    Map<String, Object> reset() {
        resettables.forEach(SandboxResettable::reset);
        return Map.of("reset", true);
    }
}

package io.kotanihub.sandbox.bulk;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kotanihub.sandbox.core.SandboxFaults;
import io.kotanihub.sandbox.wallets.WalletBook;
import io.kotanihub.sandbox.web.DroppedResponseException;
import io.kotanihub.sandbox.web.Validation;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * Bulk payments under {@code /api/v3/dashboard/bulk-payments/api} (§15). The reference documents these answers
 * without Kotani's {@code {success, message, data}} envelope (§2.1, §22.15), so the sandbox sends them bare: the
 * documented objects, arrays for wallets and create (201), and {@code {data, meta}} pages for the lists. Errors keep
 * Shape B, except the documented insufficient-balance answer
 * {@code {statusCode:400, message:"Insufficient wallet balance", details:{currency, required, available, shortfall}}}.
 */
@RestController
@RequestMapping("/api/v3/dashboard/bulk-payments/api")
public class BulkController {

    private final BulkPayments bulk;
    private final WalletBook wallets;
    private final SandboxFaults faults;

    public BulkController(BulkPayments bulk, WalletBook wallets, SandboxFaults faults) {
        this.bulk = bulk;
        this.wallets = wallets;
        this.faults = faults;
    }

    @GetMapping("/wallets")
    List<ObjectNode> wallets() {
        return bulk.wallets();
    }

    /** The CSV arrives as multipart form field {@code file} (the reference leaves the name open, §15.2). */
    @PostMapping("/validate-csv")
    ObjectNode validateCsv(@RequestPart(name = "file", required = false) MultipartFile file) throws IOException {
        if (file == null || file.isEmpty()) {
            Validation.of(JsonNodeFactory.instance.objectNode())
                    .check(false, "file should not be empty").validate();
        }
        return bulk.validateCsv(file.getBytes());
    }

    @PostMapping("/preview")
    ObjectNode preview(@RequestBody(required = false) JsonNode body) {
        return bulk.preview(BulkRequests.validate(body, wallets, bulk::referenceUsed));
    }

    @PostMapping("/batches/create")
    @ResponseStatus(HttpStatus.CREATED)
    List<ObjectNode> create(@RequestBody(required = false) JsonNode body) {
        bulk.requested(body);
        List<ObjectNode> created = bulk.create(BulkRequests.validate(body, wallets, bulk::referenceUsed));
        if (faults.dropResponse()) {
            // the batches exist; the answer is lost (dropResponseRate)
            throw new DroppedResponseException();
        }
        return created;
    }

    @GetMapping("/batches")
    Map<String, Object> batches(@RequestParam(required = false) Integer page,
                                @RequestParam(required = false) Integer limit,
                                @RequestParam(required = false) String status,
                                @RequestParam(required = false) String currency) {
        return page(bulk.batches(status, currency), page, limit, bulk::batchView);
    }

    @GetMapping("/batches/{batchId}")
    ObjectNode batch(@PathVariable String batchId) {
        return bulk.batchView(bulk.batch(batchId));
    }

    @PostMapping("/batches/{batchId}/process")
    ObjectNode process(@PathVariable String batchId) {
        return bulk.process(batchId);
    }

    @GetMapping("/batches/{batchId}/payments")
    Map<String, Object> payments(@PathVariable String batchId,
                                 @RequestParam(required = false) Integer page,
                                 @RequestParam(required = false) Integer limit,
                                 @RequestParam(required = false) String status,
                                 @RequestParam(required = false) String currency) {
        BulkPayments.Batch batch = bulk.batch(batchId);
        return page(bulk.payments(batch, status, currency), page, limit, bulk::paymentView);
    }

    @GetMapping("/transactions")
    Map<String, Object> transactions(@RequestParam(required = false) Integer page,
                                     @RequestParam(required = false) Integer limit,
                                     @RequestParam(required = false) String status,
                                     @RequestParam(required = false) String currency) {
        return page(bulk.parents(status, currency), page, limit, bulk::parentView);
    }

    @GetMapping("/transactions/{transactionId}")
    ObjectNode transaction(@PathVariable String transactionId) {
        return bulk.parentView(bulk.parent(transactionId));
    }

    /** Aggregates over the batches selected by {@code status}/{@code currency} ({@code page}/{@code limit} accepted). */
    @GetMapping("/stats")
    ObjectNode stats(@RequestParam(required = false) Integer page,
                     @RequestParam(required = false) Integer limit,
                     @RequestParam(required = false) String status,
                     @RequestParam(required = false) String currency) {
        checkPage(page, limit);
        return bulk.stats(status, currency);
    }

    @ExceptionHandler(BulkPayments.InsufficientBalanceException.class)
    ResponseEntity<Map<String, Object>> insufficient(BulkPayments.InsufficientBalanceException e) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("statusCode", 400);
        body.put("message", e.getMessage());
        body.put("details", e.shortfalls.get(0));
        body.put("shortfalls", e.shortfalls);
        return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_JSON).body(body);
    }

    private static <T> Map<String, Object> page(List<T> all, Integer page, Integer limit,
                                                Function<T, ObjectNode> view) {
        checkPage(page, limit);
        int size = limit == null ? 20 : limit;
        int number = page == null ? 1 : page;
        int from = Math.min(all.size(), (number - 1) * size);
        List<ObjectNode> data = all.subList(from, Math.min(all.size(), from + size)).stream().map(view).toList();
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("total", all.size());
        meta.put("page", number);
        meta.put("limit", size);
        meta.put("totalPages", (all.size() + size - 1) / size);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("data", data);
        body.put("meta", meta);
        return body;
    }

    private static void checkPage(Integer page, Integer limit) {
        Validation v = Validation.of(JsonNodeFactory.instance.objectNode());
        v.check(page == null || page >= 1, "page must not be less than 1");
        v.check(limit == null || (limit >= 1 && limit <= 100), "limit must be between 1 and 100");
        v.validate();
    }
}

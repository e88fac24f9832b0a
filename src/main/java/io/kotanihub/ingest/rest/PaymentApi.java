package io.kotanihub.ingest.rest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.kotanihub.dispatch.IntakeResult;
import io.kotanihub.dispatch.PaymentIntake;
import io.kotanihub.ingest.CommandReader;
import io.kotanihub.ledger.Payment;
import io.kotanihub.ledger.PaymentRepository.PaymentWithHistory;
import io.kotanihub.model.CommandValidator;
import io.kotanihub.model.PaymentCommand;
import io.kotanihub.model.Violation;
import io.kotanihub.rest.ApiProblem;
import io.kotanihub.rest.ApiProperties;
import io.kotanihub.rest.ApiResponse;
import io.kotanihub.rest.PathParams;
import org.springframework.stereotype.Component;

/** {@code POST /payments} and {@code GET /payments/{reference}}: the REST face of {@link PaymentIntake}. */
@Component
public class PaymentApi {

    private final PaymentIntake intake;
    private final ApiProperties properties;

    public PaymentApi(PaymentIntake intake, ApiProperties properties) {
        this.intake = intake;
        this.properties = properties;
    }

    public ApiResponse create(byte[] body) {
        if (body != null && body.length > properties.getMaxJsonBody().toBytes()) {
            throw new ApiProblem(413, "Payload Too Large",
                    "a payment command may not exceed " + properties.getMaxJsonBody().toKilobytes() + " KB");
        }
        PaymentCommand command;
        try {
            command = CommandValidator.normalise(CommandReader.read(body));
        } catch (CommandReader.UnreadableCommandException e) {
            throw new ApiProblem(400, "Bad Request", "the body is not a payment command: " + e.getMessage());
        }
        List<Violation> violations = CommandValidator.validate(command);
        if (!violations.isEmpty()) {
            throw new ApiProblem(400, "Invalid payment command", violations.size() + " problem(s) in the command",
                    violations.stream().map(v -> Map.of("field", v.field(), "message", v.message())).toList());
        }
        IntakeResult result = intake.accept(command, "API", null, null);
        if (result.outcome() == IntakeResult.Outcome.CONFLICT) {
            throw new ApiProblem(409, "Reference already used",
                    "reference " + command.reference() + " is already used by a payment with different content");
        }
        return ApiResponse.json(202, view(intake.find(command.reference()).orElseThrow()));
    }

    public ApiResponse get(String path) {
        String reference = PathParams.decode(path);
        return intake.find(reference).map(p -> ApiResponse.json(200, view(p)))
                .orElseThrow(() -> new ApiProblem(404, "Not Found", "no payment with reference " + reference));
    }

    /** The JSON view of a payment and its history that the API answers (also the route intake's {@code payment}). */
    public static Map<String, Object> view(PaymentWithHistory record) {
        Payment p = record.payment();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("reference", p.reference());
        out.put("status", p.status().name());
        out.put("type", p.type().name());
        out.put("method", p.method().name());
        out.put("amount", p.amount().stripTrailingZeros().toPlainString());
        out.put("currency", p.currency());
        out.put("country", p.country());
        out.put("kotaniId", p.kotaniId());
        out.put("kotaniStatus", p.kotaniStatus());
        out.put("fee", p.fee() == null ? null : p.fee().stripTrailingZeros().toPlainString());
        out.put("transactionAmount", p.transactionAmount() == null ? null : p.transactionAmount().stripTrailingZeros().toPlainString());
        out.put("errorCode", p.lastErrorCode());
        out.put("errorMessage", p.lastError());
        out.put("batchId", p.batchId());
        out.put("source", p.source());
        out.put("attempts", p.attempts());
        out.put("createdAt", p.createdAt());
        out.put("updatedAt", p.updatedAt());
        out.put("completedAt", p.completedAt());
        out.put("history", record.history().stream()
                .map(h -> Map.of("status", h.status().name(), "at", h.at().toString())).toList());
        return out;
    }
}

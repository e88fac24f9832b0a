package io.kotanihub.ops.console.receivables;

import java.util.Map;
import java.util.Optional;

import io.kotanihub.ops.console.PaymentTimelineSource;
import org.springframework.stereotype.Component;

/** Payments made through invoices' links, checkouts and card deposits, in the console's payment timeline. */
@Component
public class ReceivablesTimeline implements PaymentTimelineSource {

    private final ReceivablesQueries queries;

    public ReceivablesTimeline(ReceivablesQueries queries) {
        this.queries = queries;
    }

    @Override
    public Optional<Map<String, Object>> timeline(String reference) {
        return queries.timeline(reference);
    }
}

package io.kotanihub.ops.metrics;

import java.time.Duration;

import io.kotanihub.kotani.KotaniCallListener;
import io.kotanihub.kotani.KotaniEndpoint;
import io.kotanihub.kotani.KotaniResponse;
import org.springframework.stereotype.Component;

/** Times every Kotani call by endpoint and outcome, and counts the 429s ({@link HubMetrics#kotaniCall}). */
@Component
public class KotaniCallMetrics implements KotaniCallListener {

    private final HubMetrics metrics;

    public KotaniCallMetrics(HubMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void called(KotaniEndpoint endpoint, String subject, KotaniResponse response, Duration latency) {
        metrics.kotaniCall(endpoint.name(), response.outcome().name(), latency.toNanos());
    }
}

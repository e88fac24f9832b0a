package io.kotanihub.ops.console;

import java.util.Map;
import java.util.Optional;

/**
 * Payments that are not rows of {@code payments} (e.g. the payments made through an invoice's payment link) shown in
 * the same timeline: {@link PaymentTimeline} asks each source for a reference it does not know, and the answer has
 * its shape ({@code payment}, {@code timeline}).
 */
public interface PaymentTimelineSource {

    Optional<Map<String, Object>> timeline(String reference);
}

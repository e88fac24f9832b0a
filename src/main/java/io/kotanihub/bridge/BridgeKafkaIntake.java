package io.kotanihub.bridge;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kotanihub.common.logging.LogText;
import io.kotanihub.ingest.kafka.KafkaMessages;
import io.kotanihub.rest.ApiProblem;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.KafkaManualCommit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The bridge's Kafka ingress: {@code kotani.bridge.commands} (one create request of §16.3 per message, key =
 * provider_reference_id) and {@code kotani.bridge.settlements} (the provider's reports: the body of
 * {@code POST …/settlement} or {@code …/refund} plus {@code provider_reference_id}, and {@code report}
 * {@code settlement} or {@code refund}; without it a message with {@code refund_details} and no {@code status} is a
 * refund). Redeliveries are harmless (the ledger dedupes by reference and by last report). A message that can never
 * be processed raises {@link BridgePoisonException} and goes to the dead-letter topic with its reason; the offset
 * is committed only after the ledger write or the dead-lettering.
 */
@Component
public class BridgeKafkaIntake {

    private static final Logger LOG = LoggerFactory.getLogger(BridgeKafkaIntake.class);

    private final BridgeService service;

    public BridgeKafkaIntake(BridgeService service) {
        this.service = service;
    }

    public void create(byte[] value, @Header(KafkaConstants.KEY) Object key) {
        ObjectNode request = read(value);
        String messageKey = KafkaMessages.key(key);
        String reference = BridgeService.text(request, "provider_reference_id");
        if (messageKey != null && reference != null && !messageKey.equals(reference)) {
            throw new BridgePoisonException("message key '" + messageKey + "' is not the provider_reference_id '"
                    + reference + "'");
        }
        try {
            BridgeService.CreateResult result = service.create(request, "KAFKA");
            LOG.info("kafka bridge create {}: {}", LogText.value(reference), result.created()
                    ? result.transfer().createState() : "already known");
        } catch (ApiProblem problem) {
            if (problem.status() >= 500) {
                throw problem;
            }
            throw new BridgePoisonException(problem.title() + ": " + problem.getMessage()
                    + (problem.errors().isEmpty() ? "" : " " + problem.errors()));
        }
    }

    public void report(byte[] value, @Header(KafkaConstants.KEY) Object key) {
        ObjectNode report = read(value);
        String reference = BridgeService.text(report, "provider_reference_id");
        if (reference == null) {
            reference = KafkaMessages.key(key);
        }
        if (reference == null) {
            throw new BridgePoisonException("no provider_reference_id");
        }
        String kind = BridgeService.text(report, "report");
        boolean refund = kind != null ? "refund".equals(kind) : report.has("refund_details") && !report.has("status");
        try {
            if (refund) {
                service.refund(reference, report);
            } else {
                service.settlement(reference, report);
            }
        } catch (ApiProblem problem) {
            throw new BridgePoisonException(problem.title() + ": " + problem.getMessage()
                    + (problem.errors().isEmpty() ? "" : " " + problem.errors()));
        }
    }

    public void describePoison(Exchange exchange) {
        LOG.warn("kafka bridge message sent to the dead-letter topic: {}",
                LogText.value(KafkaMessages.describePoison(exchange), 300));
    }

    public void commit(@Header(KafkaConstants.MANUAL_COMMIT) KafkaManualCommit manualCommit) {
        KafkaMessages.commit(manualCommit);
    }

    private static ObjectNode read(byte[] value) {
        try {
            return BridgeRequests.readObject(value);
        } catch (ApiProblem problem) {
            throw new BridgePoisonException(problem.getMessage());
        }
    }
}

package io.kotanihub.ingest.kafka;

import java.util.List;
import java.util.stream.Collectors;

import io.kotanihub.common.logging.LogText;
import io.kotanihub.dispatch.IntakeResult;
import io.kotanihub.dispatch.PaymentIntake;
import io.kotanihub.ingest.CommandReader;
import io.kotanihub.model.CommandValidator;
import io.kotanihub.model.PaymentCommand;
import io.kotanihub.model.Violation;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.KafkaManualCommit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * One Kafka command message into the ledger: read, validate, hand to {@link PaymentIntake}. Redeliveries and
 * duplicates are harmless because the ledger dedupes by reference, never by offset. A message that can never be
 * processed raises {@link PoisonMessageException}; the route sends it to the dead-letter topic with the reason.
 * The offset is committed only after the command is durably in the ledger (or in the dead-letter topic).
 */
@Component
public class KafkaCommandIntake {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaCommandIntake.class);

    private final PaymentIntake intake;

    public KafkaCommandIntake(PaymentIntake intake) {
        this.intake = intake;
    }

    public IntakeResult accept(byte[] value, @Header(KafkaConstants.KEY) Object key) {
        PaymentCommand command;
        try {
            command = CommandValidator.normalise(CommandReader.read(value));
        } catch (CommandReader.UnreadableCommandException e) {
            throw new PoisonMessageException("not a payment command: " + e.getMessage());
        }
        List<Violation> violations = CommandValidator.validate(command);
        if (!violations.isEmpty()) {
            throw new PoisonMessageException("invalid payment command: " + violations.stream()
                    .map(Violation::toString).collect(Collectors.joining("; ")));
        }
        String messageKey = KafkaMessages.key(key);
        if (messageKey != null && !messageKey.equals(command.reference())) {
            throw new PoisonMessageException("message key '" + messageKey + "' is not the command's reference '"
                    + command.reference() + "'");
        }
        IntakeResult result = intake.accept(command, "KAFKA", null, null);
        if (result.outcome() == IntakeResult.Outcome.CONFLICT) {
            throw new PoisonMessageException("reference " + command.reference()
                    + " is already used by a payment with different content");
        }
        LOG.info("kafka command {} {}", command.reference(), result.outcome());
        return result;
    }

    /** Puts the reason and origin of a poison message into headers for the dead-letter topic. */
    public void describePoison(Exchange exchange) {
        LOG.warn("kafka command sent to the dead-letter topic: {}",
                LogText.value(KafkaMessages.describePoison(exchange), 300));
    }

    /** Commits this message's offset: called only once it is durably in the ledger or the dead-letter topic. */
    public void commit(@Header(KafkaConstants.MANUAL_COMMIT) KafkaManualCommit manualCommit) {
        KafkaMessages.commit(manualCommit);
    }
}

package io.kotanihub.support;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Skips RabbitMQ and MQTT tests where the brokers do not answer, but fails them under {@code CI=true}. */
public class BrokersAvailable implements ExecutionCondition {

    private static volatile String unavailableReason;
    private static volatile boolean probed;

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        String reason = probe();
        if (reason == null) {
            return ConditionEvaluationResult.enabled("RabbitMQ and Mosquitto reachable");
        }
        if (Brokers.ciRequiresBrokers()) {
            throw new IllegalStateException("CI=true requires RabbitMQ and Mosquitto, but " + reason
                    + " (.ci/run starts them when installed: rabbitmq-server -detached, mosquitto -d)");
        }
        return ConditionEvaluationResult.disabled("SKIPPED: " + reason
                + "; RabbitMQ/MQTT tests run when the brokers answer (mandatory under CI=true)");
    }

    private static synchronized String probe() {
        if (!probed) {
            List<String> reasons = new ArrayList<>();
            String rabbit = Brokers.unreachable("RabbitMQ", Brokers.RABBITMQ_HOST, Brokers.RABBITMQ_PORT);
            String mqtt = Brokers.unreachable("Mosquitto (MQTT)", Brokers.MQTT_HOST, Brokers.MQTT_PORT);
            if (rabbit != null) {
                reasons.add(rabbit);
            }
            if (mqtt != null) {
                reasons.add(mqtt);
            }
            unavailableReason = reasons.isEmpty() ? null : String.join("; ", reasons);
            probed = true;
        }
        return unavailableReason;
    }
}

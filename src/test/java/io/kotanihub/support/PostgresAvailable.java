package io.kotanihub.support;

import java.sql.Connection;
import java.sql.SQLException;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Skips PostgreSQL tests where no server answers, but fails them under {@code CI=true}. */
public class PostgresAvailable implements ExecutionCondition {

    private static volatile String unavailableReason;
    private static volatile boolean probed;

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        String reason = probe();
        if (reason == null) {
            return ConditionEvaluationResult.enabled("PostgreSQL reachable at " + PostgresServer.ADMIN_URL);
        }
        if (PostgresServer.ciRequiresPostgres()) {
            throw new IllegalStateException("CI=true requires PostgreSQL, but " + reason
                    + " (start it: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start)");
        }
        return ConditionEvaluationResult.disabled("SKIPPED: " + reason
                + "; PostgreSQL tests run when a server answers (mandatory under CI=true)");
    }

    private static synchronized String probe() {
        if (!probed) {
            try (Connection ignored = PostgresServer.admin()) {
                unavailableReason = null;
            } catch (SQLException e) {
                unavailableReason = "PostgreSQL is not reachable at " + PostgresServer.ADMIN_URL + " (" + e.getMessage() + ")";
            }
            probed = true;
        }
        return unavailableReason;
    }
}

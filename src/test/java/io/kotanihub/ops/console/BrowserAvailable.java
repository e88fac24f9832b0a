package io.kotanihub.ops.console;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Skips the browser tests where Debian's {@code chromium} and {@code chromium-driver} are not installed, but fails
 * them under {@code CI=true} ({@code .ci/run} installs both). Other locations: {@code -Dconsole.chromium=...},
 * {@code -Dconsole.chromedriver=...}.
 */
public class BrowserAvailable implements ExecutionCondition {

    static final Path CHROMIUM = Path.of(System.getProperty("console.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("console.chromedriver", "/usr/bin/chromedriver"));

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        String missing = !Files.isExecutable(CHROMIUM) ? CHROMIUM + " (Debian package chromium)"
                : !Files.isExecutable(CHROMEDRIVER) ? CHROMEDRIVER + " (Debian package chromium-driver)" : null;
        if (missing == null) {
            return ConditionEvaluationResult.enabled("headless Chromium at " + CHROMIUM + ", driver " + CHROMEDRIVER);
        }
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new IllegalStateException("CI=true requires the console's browser tests, but " + missing
                    + " is missing (apt-get install -y chromium chromium-driver)");
        }
        return ConditionEvaluationResult.disabled("SKIPPED: browser tests need " + missing
                + "; install with apt-get install -y chromium chromium-driver (mandatory under CI=true)");
    }
}

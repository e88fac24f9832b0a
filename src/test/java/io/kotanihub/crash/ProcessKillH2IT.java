package io.kotanihub.crash;

import java.util.List;
import java.util.Map;

/** The process-kill test on the embedded default: the H2 file database of config/application.yaml, unchanged. */
class ProcessKillH2IT extends ProcessKillTestBase {

    @Override
    String variant() {
        return "h2";
    }

    @Override
    List<String> databaseArguments() {
        return List.of();
    }

    @Override
    Map<String, String> databaseEnvironment() {
        return Map.of();
    }
}

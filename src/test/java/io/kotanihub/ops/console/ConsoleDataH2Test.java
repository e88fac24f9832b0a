package io.kotanihub.ops.console;

import org.springframework.test.context.TestPropertySource;

@TestPropertySource(properties = {"hub.files.inbox=target/console-data-h2/inbox", "hub.files.outbox=target/console-data-h2/outbox",
        "hub.files.archive=target/console-data-h2/archive", "hub.files.error=target/console-data-h2/error"})
class ConsoleDataH2Test extends ConsoleDataTestBase {
}

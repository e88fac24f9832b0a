package io.kotanihub.ops.console;

import io.kotanihub.support.PostgresTest;
import org.springframework.test.context.TestPropertySource;

@PostgresTest
@TestPropertySource(properties = {"hub.files.inbox=target/console-data-postgres/inbox", "hub.files.outbox=target/console-data-postgres/outbox",
        "hub.files.archive=target/console-data-postgres/archive", "hub.files.error=target/console-data-postgres/error"})
class ConsoleDataPostgresTest extends ConsoleDataTestBase {
}

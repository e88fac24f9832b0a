package io.kotanihub.ops.console;

import io.kotanihub.support.PostgresTest;

@PostgresTest
class ConsoleDataPostgresTest extends ConsoleDataTestBase {
}

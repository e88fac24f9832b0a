package io.kotanihub.ops.console;

class ConsoleDataH2Test extends ConsoleDataTestBase {
}

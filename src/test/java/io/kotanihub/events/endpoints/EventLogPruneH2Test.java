package io.kotanihub.events.endpoints;

/** {@link EventLogPruneTestBase} on the ledger's H2 database. */
class EventLogPruneH2Test extends EventLogPruneTestBase {
}

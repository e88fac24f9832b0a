package io.kotanihub.events.endpoints;

import io.kotanihub.support.PostgresTest;

/** {@link EventLogPruneTestBase} on PostgreSQL, where several hub instances share the event log. */
@PostgresTest
class EventLogPrunePostgresTest extends EventLogPruneTestBase {
}

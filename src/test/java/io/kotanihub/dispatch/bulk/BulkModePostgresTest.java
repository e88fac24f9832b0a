package io.kotanihub.dispatch.bulk;

import io.kotanihub.support.PostgresTest;

/** Bulk mode on PostgreSQL (profile postgres). */
@PostgresTest
class BulkModePostgresTest extends BulkModeTestBase {
}

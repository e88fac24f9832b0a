package io.kotanihub.ledger;

import io.kotanihub.support.PostgresTest;

@PostgresTest
class LedgerSchemaPostgresTest extends LedgerSchemaTestBase {
}

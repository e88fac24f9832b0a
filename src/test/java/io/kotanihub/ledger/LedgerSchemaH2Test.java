package io.kotanihub.ledger;

class LedgerSchemaH2Test extends LedgerSchemaTestBase {
}

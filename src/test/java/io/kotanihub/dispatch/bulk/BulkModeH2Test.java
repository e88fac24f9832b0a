package io.kotanihub.dispatch.bulk;

/** Bulk mode on H2 (the embedded default). */
class BulkModeH2Test extends BulkModeTestBase {
}

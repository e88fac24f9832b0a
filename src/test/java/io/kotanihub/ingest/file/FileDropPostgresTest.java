package io.kotanihub.ingest.file;

import io.kotanihub.support.PostgresTest;

@PostgresTest
class FileDropPostgresTest extends FileDropTestBase {
}

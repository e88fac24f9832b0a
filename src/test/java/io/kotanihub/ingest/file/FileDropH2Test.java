package io.kotanihub.ingest.file;

class FileDropH2Test extends FileDropTestBase {
}

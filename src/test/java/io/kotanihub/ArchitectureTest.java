package io.kotanihub;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The layering DESIGN.md draws, checked on the compiled main classes. The root package ({@link KotaniHubApplication},
 * {@link SandboxBootstrap}) is the composition root that starts both the hub and the sandbox, so it is the one place
 * allowed to know both.
 */
@AnalyzeClasses(packages = "io.kotanihub", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    /** Every package of the hub's side of the conversation (everything but the sandbox and the root). */
    static final String[] HUB = {"io.kotanihub.model..", "io.kotanihub.kotani..", "io.kotanihub.kamelets..",
            "io.kotanihub.ledger..", "io.kotanihub.dispatch..", "io.kotanihub.ingest..", "io.kotanihub.events..",
            "io.kotanihub.webhook..", "io.kotanihub.bridge..", "io.kotanihub.edge..", "io.kotanihub.ops..",
            "io.kotanihub.common..", "io.kotanihub.rest.."};

    /** The core: the ledger and what pays, hears from and reports to Kotani. */
    static final String[] CORE = {"io.kotanihub.ledger..", "io.kotanihub.model..", "io.kotanihub.dispatch..",
            "io.kotanihub.kotani..", "io.kotanihub.webhook..", "io.kotanihub.bridge.."};

    @ArchTest
    static final ArchRule theSandboxKnowsNothingOfTheHub = noClasses()
            .that().resideInAPackage("io.kotanihub.sandbox..")
            .should().dependOnClassesThat().resideInAnyPackage(HUB)
            .orShould().dependOnClassesThat().resideInAPackage("io.kotanihub")
            .because("the sandbox stands in for Kotani: it shares no code with the hub's side of the conversation");

    @ArchTest
    static final ArchRule theHubKnowsNothingOfTheSandbox = noClasses()
            .that().resideInAnyPackage(HUB)
            .should().dependOnClassesThat().resideInAPackage("io.kotanihub.sandbox..")
            .because("the hub reaches the sandbox only over HTTP, exactly as it reaches Kotani");

    @ArchTest
    static final ArchRule ingressNeverCallsKotani = noClasses()
            .that().resideInAPackage("io.kotanihub.ingest..")
            .should().dependOnClassesThat().resideInAnyPackage("io.kotanihub.kotani..", "io.kotanihub.kamelets..")
            .because("ingress hands canonical commands to the ledger and dispatch; only dispatch calls Kotani");

    @ArchTest
    static final ArchRule theLedgerKnowsNoTransport = noClasses()
            .that().resideInAPackage("io.kotanihub.ledger..")
            .should().dependOnClassesThat().resideInAnyPackage("org.apache.camel..", "java.net.http..",
                    "org.springframework.web..", "org.springframework.http..", "jakarta.servlet..",
                    "org.apache.kafka..", "org.springframework.kafka..", "org.apache.hc..", "io.kotanihub.ingest..",
                    "io.kotanihub.kotani..", "io.kotanihub.edge..", "io.kotanihub.rest..")
            .because("the ledger knows nothing of files, Kafka or HTTP (DESIGN.md)");

    @ArchTest
    static final ArchRule theCoreDoesNotImportOps = noClasses()
            .that().resideInAnyPackage(CORE)
            .should().dependOnClassesThat().resideInAPackage("io.kotanihub.ops..")
            .because("ops (console, metrics, health, log layout) looks at the core, never the other way round");

    @ArchTest
    static final ArchRule restPiecesSharedOutsideIngressLiveInTheirOwnPackage = noClasses()
            .that().resideOutsideOfPackage("io.kotanihub.ingest..")
            .should().dependOnClassesThat().resideInAPackage("io.kotanihub.ingest.rest..")
            .because("what the bridge, the ERP deliveries and the edge share with the REST API lives in io.kotanihub.rest");

    @ArchTest
    static final ArchRule theSharedPackagesDependOnNoFeature = noClasses()
            .that().resideInAnyPackage("io.kotanihub.rest..", "io.kotanihub.common..")
            .should().dependOnClassesThat().resideInAnyPackage("io.kotanihub.ingest..", "io.kotanihub.ops..",
                    "io.kotanihub.bridge..", "io.kotanihub.webhook..", "io.kotanihub.dispatch..",
                    "io.kotanihub.edge..", "io.kotanihub.sandbox..")
            .because("shared pieces sit below every feature that uses them");

    @ArchTest
    static final ArchRule csvGoesThroughCamelCsv = noClasses()
            .that().resideOutsideOfPackage("io.kotanihub.sandbox..")
            // not moved yet (issue 12): the payout file's and the receivables file's readers
            .and().haveNameNotMatching(
                    "io\\.kotanihub\\.(ingest\\.file\\.PayoutCsv|invoices\\.ReceivablesCsv)(\\$.*)?")
            .should().dependOnClassesThat().resideInAPackage("org.apache.commons.csv..")
            .because("CSV is written through camel-csv's data format (io.kotanihub.common.csv.CsvWriters); only the"
                    + " sandbox, which stands in for Kotani, reads it on its own");

    @ArchTest
    static final ArchRule kotaniIsCalledOnlyThroughTheKamelets = noClasses()
            .that().resideOutsideOfPackage("io.kotanihub.sandbox..")
            .should().dependOnClassesThat().haveFullyQualifiedName("java.net.http.HttpClient")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("java.net.http.HttpRequest")
            .orShould().dependOnClassesThat().resideInAnyPackage("org.apache.hc.client5.http.classic..",
                    "org.apache.hc.client5.http.impl..", "org.apache.hc.client5.http.io..")
            .because("every Kotani call goes through its Kamelet on camel-http (KotaniClient, kamelets/); only the"
                    + " sandbox, which stands in for Kotani and calls back, has an HTTP client of its own");
}

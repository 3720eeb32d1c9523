package dev.tributary.kafka;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The gateway speaks to the product only through its services: nothing below them (the
 * produce pipeline, the read path's machinery, DynamoDB or S3 stores) and no AWS types, so
 * the storage engine can change underneath it.
 */
@AnalyzeClasses(packages = "dev.tributary.kafka", importOptions = ImportOption.DoNotIncludeTests.class)
class GatewayArchitectureTest {
    @ArchTest
    static final ArchRule onlyServicesBelowTheGateway = noClasses()
            .that().resideInAPackage("dev.tributary.kafka..")
            .should().dependOnClassesThat().haveFullyQualifiedName("dev.tributary.functions.produce.SegmentBatcher")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("dev.tributary.functions.fetch.HeadWatcher")
            .orShould().dependOnClassesThat().haveSimpleNameStartingWith("DynamoDb")
            .orShould().dependOnClassesThat().haveSimpleNameStartingWith("S3")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("dev.tributary.storage.BatchIndex")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("dev.tributary.storage.LogCommitter")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("dev.tributary.storage.SegmentStore")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("dev.tributary.storage.PartitionStore")
            .orShould().dependOnClassesThat().resideInAPackage("software.amazon..")
            .because("the gateway calls the same public services as the HTTP API");

    @ArchTest
    static final ArchRule protocolMachineryIsFrameworkFree = noClasses()
            .that().resideInAPackage("dev.tributary.kafka.internal..")
            .should().dependOnClassesThat().resideInAPackage("io.micronaut..")
            .because("only the public package wires the gateway into the application");
}

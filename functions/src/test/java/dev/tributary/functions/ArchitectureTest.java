package dev.tributary.functions;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** Keeps the dependency direction of DESIGN.md visible and enforced. */
@AnalyzeClasses(packages = "dev.tributary", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    @ArchTest
    static final ArchRule awsTypesStayInTheStorageLayer = noClasses()
            .that().resideInAPackage("dev.tributary.functions..")
            .should().dependOnClassesThat().resideInAPackage("software.amazon.awssdk..")
            .because("AWS SDK types never leave storage-layer");

    @ArchTest
    static final ArchRule storageDoesNotKnowMicronaut = noClasses()
            .that().resideInAPackage("dev.tributary.storage..")
            .or().resideInAPackage("dev.tributary.core..")
            .should().dependOnClassesThat().resideInAPackage("io.micronaut..");

    @ArchTest
    static final ArchRule coreHasNoAwsDependency = noClasses()
            .that().resideInAPackage("dev.tributary.core..")
            .should().dependOnClassesThat().resideInAPackage("software.amazon..")
            .because("the segment format is used by the SDK, which must not pull in AWS");

    @ArchTest
    static final ArchRule onlyLocalModeTouchesTheEmulators = noClasses()
            .that().resideInAPackage("dev.tributary.functions..")
            .and().resideOutsideOfPackage("dev.tributary.functions.local..")
            .should().dependOnClassesThat().resideInAPackage("dev.tributary.localstack..")
            .because("the Lambda artifact ships without the local emulators");
}

package com.m365.e4upgrade;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shape of the code (docs/design.md, "Packages"): dependencies point one way, command
 * line → job → stages → licensing and input, with batch beneath them all; no package
 * imports one that imports it back; a gateway is known only to its own package.
 */
class ArchitectureTests {

    private static final String ROOT = "com.m365.e4upgrade";

    private static JavaClasses main;

    @BeforeAll
    static void importTheMainClasses() {
        main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(ROOT);
    }

    @Test
    void noPackageImportsOneThatImportsItBack() {
        slices().matching(ROOT + ".(**)").should().beFreeOfCycles().check(main);
    }

    @Test
    void dependenciesPointFromTheCommandLineToTheJobToTheStagesToLicensingAndInput() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
            .layer("Command line")
            .definedBy(ROOT + ".cli..")
            .layer("Console")
            .definedBy(ROOT + ".console..")
            .layer("Job")
            .definedBy(ROOT + ".job..")
            .layer("Stages")
            .definedBy(ROOT + ".eligibility..", ROOT + ".reassignment..", ROOT + ".cancellation..", ROOT + ".reports..",
                    ROOT + ".rollback..", ROOT + ".inventory..")
            .layer("Licensing and input")
            .definedBy(ROOT + ".licensing..", ROOT + ".input..")
            .layer("Batch")
            .definedBy(ROOT + ".batch..")
            .whereLayer("Command line")
            .mayNotBeAccessedByAnyLayer()
            // the launcher dispatches serve to the console, as it does status; the
            // console
            // uses nothing of the command line
            .whereLayer("Console")
            .mayOnlyBeAccessedByLayers("Command line")
            .whereLayer("Job")
            .mayOnlyBeAccessedByLayers("Command line", "Console")
            .whereLayer("Stages")
            .mayOnlyBeAccessedByLayers("Command line", "Console", "Job")
            .whereLayer("Licensing and input")
            .mayOnlyBeAccessedByLayers("Command line", "Console", "Job", "Stages")
            .check(main);
    }

    @Test
    void batchDependsOnNoOtherPackageOfTheJob() {
        noClasses().that()
            .resideInAPackage(ROOT + ".batch..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(ROOT + ".cli..", ROOT + ".console..", ROOT + ".job..", ROOT + ".input..",
                    ROOT + ".eligibility..", ROOT + ".licensing..", ROOT + ".reassignment..", ROOT + ".cancellation..",
                    ROOT + ".reports..", ROOT + ".rollback..", ROOT + ".inventory..")
            .check(main);
    }

    @Test
    void aGatewayIsKnownOnlyToItsOwnPackage() {
        for (String gateway : new String[] { ".licensing.graph..", ".licensing.embedded.." }) {
            noClasses().that()
                .resideOutsideOfPackage(ROOT + gateway)
                .should()
                .dependOnClassesThat()
                .resideInAPackage(ROOT + gateway)
                .check(main);
        }
    }

    @Test
    void noMainClassIsOver250Lines() throws IOException {
        try (Stream<Path> sources = Files.walk(Path.of("src/main/java"))) {
            Map<Path, Long> tooLong = sources.filter(file -> file.toString().endsWith(".java"))
                .collect(Collectors.toMap(file -> file, ArchitectureTests::lines))
                .entrySet()
                .stream()
                .filter(file -> file.getValue() > 250)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
            assertThat(tooLong).isEmpty();
        }
    }

    private static long lines(Path file) {
        try (Stream<String> lines = Files.lines(file)) {
            return lines.count();
        }
        catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

}

package dev.latchkey.core.security;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** SPEC §2 rule 1: randomness only from {@code SecureRandom}. */
class Rule01RandomnessTest {
    private final JavaClasses production = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.latchkey");

    @Test
    void productionCodeWhenScannedThenUsesNoPredictableRandom() {
        noClasses().should().dependOnClassesThat()
                .haveFullyQualifiedName("java.util.Random")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.util.concurrent.ThreadLocalRandom")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.util.SplittableRandom")
                .orShould().callMethod(Math.class, "random")
                .orShould().callMethod(StrictMath.class, "random")
                .check(production);
    }

    @Test
    void coreWhenScannedThenDependsOnNoFrameworkWebOrSql() {
        noClasses().that().resideInAPackage("dev.latchkey.core..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "org.springframework..", "jakarta.servlet..", "javax.servlet..", "java.sql..", "javax.sql..")
                .check(production);
    }
}

package dev.latchkey.core.security;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/**
 * SPEC §2 rule 1: randomness only from {@code SecureRandom}. This class scans core; the server's test,
 * whose class path holds every shipped module, checks {@link #NO_PREDICTABLE_RANDOM} on all of them.
 */
public class Rule01RandomnessTest {
    /** No class uses {@code java.util.Random}, {@code ThreadLocalRandom}, {@code SplittableRandom} or {@code Math.random}. */
    public static final ArchRule NO_PREDICTABLE_RANDOM = noClasses().should().dependOnClassesThat()
            .haveFullyQualifiedName("java.util.Random")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("java.util.concurrent.ThreadLocalRandom")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("java.util.SplittableRandom")
            .orShould().callMethod(Math.class, "random")
            .orShould().callMethod(StrictMath.class, "random");

    private final JavaClasses production = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.latchkey");

    @Test
    void productionCodeWhenScannedThenUsesNoPredictableRandom() {
        NO_PREDICTABLE_RANDOM.check(production);
    }

    @Test
    void coreWhenScannedThenDependsOnNoFrameworkWebOrSql() {
        noClasses().that().resideInAPackage("dev.latchkey.core..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "org.springframework..", "jakarta.servlet..", "javax.servlet..", "java.sql..", "javax.sql..")
                .check(production);
    }
}

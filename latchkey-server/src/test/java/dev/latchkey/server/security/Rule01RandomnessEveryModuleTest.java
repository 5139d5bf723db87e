package dev.latchkey.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.latchkey.core.security.Rule01RandomnessTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * SPEC §2 rule 1 on every shipped module: core, JDBC, Redis, the starter and the server, whose main classes
 * are all on this module's test class path (test classes and test jars are left out).
 */
class Rule01RandomnessEveryModuleTest {
    private static final List<String> MODULES = List.of("dev.latchkey.core", "dev.latchkey.jdbc", "dev.latchkey.redis",
            "dev.latchkey.spring", "dev.latchkey.server");

    private final JavaClasses production = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(location -> !location.contains("-tests.jar"))
            .importPackages("dev.latchkey");

    @Test
    void productionCodeOfEveryModuleWhenScannedThenUsesNoPredictableRandom() {
        for (String module : MODULES) {
            assertThat(production.stream().map(JavaClass::getPackageName)).as("classes of " + module + " scanned")
                    .anyMatch(name -> name.equals(module) || name.startsWith(module + "."));
        }
        assertThat(production.stream().map(JavaClass::getName)).as("no test classes")
                .noneMatch(name -> name.endsWith("Test") || name.startsWith("dev.latchkey.core.testing."));
        Rule01RandomnessTest.NO_PREDICTABLE_RANDOM.check(production);
    }
}

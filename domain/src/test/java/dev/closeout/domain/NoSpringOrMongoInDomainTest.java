package dev.closeout.domain;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The domain knows Axon's modelling annotations and nothing of Spring, HTTP, Mongo or
 * JSON mapping, so its rules can be read and tested without any of them.
 */
class NoSpringOrMongoInDomainTest {

    private static final JavaClasses DOMAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.closeout.domain");

    private static ArchRule theDomainDependsOnNothingIn(String... packages) {
        return noClasses().that().resideInAPackage("dev.closeout.domain..")
                .should().dependOnClassesThat().resideInAnyPackage(packages)
                // An empty import would pass vacuously; insist the domain classes were found.
                .allowEmptyShould(false);
    }

    @Test
    void the_domain_depends_on_no_spring_mongo_servlet_or_jackson() {
        theDomainDependsOnNothingIn("org.springframework..", "com.mongodb..", "org.bson..", "jakarta.servlet..",
                "com.fasterxml..")
                .check(DOMAIN);
    }

    /** None of the banned libraries is on the domain's classpath, so prove the check bites on one that is. */
    @Test
    void the_same_check_catches_a_dependency_the_domain_really_has() {
        assertThatThrownBy(() -> theDomainDependsOnNothingIn("org.axonframework..").check(DOMAIN))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("dev.closeout.domain.task.Task");
    }
}

package dev.closeout.application;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The application reads as the app: its features (tasks, complaints, ledgers, alerts, scorecards,
 * the calendar, the deadline sweep, administration, evidence files, the audit) are thin adapters
 * over commands and read models, and the infrastructure (event store, embedded server, Axon
 * configuration, read-model lifecycle, webhook delivery) sits apart in {@code infrastructure} and
 * imports no feature. Data flows one way between the modules: nothing in the domain or the
 * projections reaches into the application.
 */
class ArchitectureTest {

    private static final String APPLICATION = "dev.closeout.application";
    private static final String INFRASTRUCTURE = APPLICATION + ".infrastructure..";
    private static final String[] FEATURES = {APPLICATION + ".task..", APPLICATION + ".complaint..",
            APPLICATION + ".ledger..", APPLICATION + ".alert..", APPLICATION + ".scorecard..",
            APPLICATION + ".calendar..", APPLICATION + ".deadline..", APPLICATION + ".admin..",
            APPLICATION + ".evidence..", APPLICATION + ".workspace..",
            APPLICATION + ".publicboard..", APPLICATION + ".audit..", APPLICATION + ".inspection..", APPLICATION + ".report.."};

    private static final JavaClasses ALL = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.closeout");

    private static ArchRule featuresDependOnNothingIn(String... packages) {
        return noClasses().that().resideInAPackage(APPLICATION + "..")
                .and().resideOutsideOfPackage(INFRASTRUCTURE)
                .should().dependOnClassesThat().resideInAnyPackage(packages)
                .allowEmptyShould(false);
    }

    private static ArchRule infrastructureDependsOnNothingIn(String... packages) {
        return noClasses().that().resideInAPackage(INFRASTRUCTURE)
                .should().dependOnClassesThat().resideInAnyPackage(packages)
                .allowEmptyShould(false);
    }

    private static ArchRule domainAndProjectionsDependOnNothingIn(String... packages) {
        return noClasses().that().resideInAnyPackage("dev.closeout.domain..", "dev.closeout.projections..")
                .should().dependOnClassesThat().resideInAnyPackage(packages)
                .allowEmptyShould(false);
    }

    @Test
    void feature_code_uses_no_mongodb_driver() {
        featuresDependOnNothingIn("com.mongodb..", "org.bson..").check(ALL);
    }

    /** Prove the rule bites: feature code does depend on the read models' query classes. */
    @Test
    void the_feature_rule_catches_a_dependency_features_really_have() {
        assertThatThrownBy(() -> featuresDependOnNothingIn("dev.closeout.projections..").check(ALL))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("dev.closeout.application.task.TaskService");
    }

    @Test
    void infrastructure_imports_no_feature() {
        infrastructureDependsOnNothingIn(FEATURES).check(ALL);
    }

    /** Prove the rule bites: the infrastructure does depend on the MongoDB driver. */
    @Test
    void the_infrastructure_rule_catches_a_dependency_it_really_has() {
        assertThatThrownBy(() -> infrastructureDependsOnNothingIn("com.mongodb..").check(ALL))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("dev.closeout.application.infrastructure.eventstore.MongoEventStorageEngine");
    }

    @Test
    void nothing_in_the_domain_or_the_projections_reaches_into_the_application() {
        domainAndProjectionsDependOnNothingIn(APPLICATION + "..").check(ALL);
    }

    /** Prove the rule bites: the projections do depend on the domain. */
    @Test
    void the_module_rule_catches_a_dependency_the_projections_really_have() {
        assertThatThrownBy(() -> domainAndProjectionsDependOnNothingIn("dev.closeout.domain.task..").check(ALL))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("dev.closeout.projections");
    }
}

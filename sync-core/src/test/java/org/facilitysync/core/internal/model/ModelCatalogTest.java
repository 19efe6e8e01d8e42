package org.facilitysync.core.internal.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.facilitysync.api.model.FieldType;
import org.facilitysync.api.model.ModelField;
import org.facilitysync.api.model.SyncProfile;
import org.facilitysync.api.model.SyncableModel;
import org.facilitysync.core.internal.testing.RecordingLogger;
import org.junit.jupiter.api.Test;

class ModelCatalogTest {

    private final RecordingLogger log = new RecordingLogger();
    private final List<String> provisioned = new ArrayList<>();
    private final ModelCatalog catalog = new ModelCatalog(log.logger(), model -> provisioned.add(model.name()));

    @Test
    void theTestAppComesOutInMorangosRegistryOrder() {
        catalog.add(source(1, TestApp.profile()));

        assertEquals(List.of("user", "contentinteractionlog", "contentsummarylog", "facility"),
                catalog.profile("facilitydata").names());
        assertEquals(4, provisioned.size());
        assertEquals("app_facilitydata_contentsummarylog",
                catalog.profile("facilitydata").require("contentsummarylog").table());
        assertTrue(log.at("warn").isEmpty(), log.lines().toString());
    }

    @Test
    void aModelMayBeDeclaredBeforeTheModelsItReferences() {
        catalog.add(source(1, TestApp.profile(List.of(TestApp.interactionLog(), TestApp.summaryLog(), TestApp.user()))));

        List<String> order = catalog.profile("facilitydata").names();
        assertTrue(order.indexOf("user") < order.indexOf("contentinteractionlog"), order.toString());
        assertTrue(order.indexOf("user") < order.indexOf("contentsummarylog"), order.toString());
    }

    @Test
    void modelsOfSeveralServicesAreOrderedTogether() {
        catalog.add(source(7, TestApp.profile(List.of(TestApp.summaryLog()))));
        assertTrue(catalog.profile("facilitydata").isEmpty(), "the summary log waits for its user model");
        assertTrue(warnings().get(0).contains("contentsummarylog") && warnings().get(0).contains("service 7")
                && warnings().get(0).contains("'user'"), warnings().toString());

        catalog.add(source(9, TestApp.profile(List.of(TestApp.user()))));

        assertEquals(List.of("user", "contentsummarylog"), catalog.profile("facilitydata").names());
    }

    @Test
    void aDuplicateModelNameIsLeftOutUntilTheFirstServiceLeaves() {
        SyncableModel other = SyncableModel.builder("facilitydata", "user").field("nickname", FieldType.STRING).build();
        catalog.add(source(1, TestApp.profile(List.of(TestApp.user()))));
        catalog.add(source(2, TestApp.profile(List.of(other))));

        assertEquals(List.of("password", "last_login", "is_staff", "is_superuser", "username"),
                fieldNames(catalog.profile("facilitydata").require("user")));
        assertTrue(warnings().stream().anyMatch(w -> w.contains("service 2") && w.contains("facilitydata/user")
                && w.contains("service 1")), warnings().toString());

        catalog.remove(1);

        assertEquals(List.of("nickname"), fieldNames(catalog.profile("facilitydata").require("user")));
    }

    @Test
    void aModelReferencingAnUndeclaredModelIsLeftOutWithWhatNeedsIt() {
        SyncableModel attempt = SyncableModel.builder("facilitydata", "attempt")
                .field(ModelField.reference("log_id", "contentsummarylog")).build();
        SyncableModel answer = SyncableModel.builder("facilitydata", "answer")
                .field(ModelField.reference("attempt_id", "attempt")).build();
        catalog.add(source(3, TestApp.profile(List.of(TestApp.user(), attempt, answer))));

        assertEquals(List.of("user"), catalog.profile("facilitydata").names());
        assertTrue(warnings().stream().anyMatch(w -> w.contains("facilitydata/attempt") && w.contains("log_id")
                && w.contains("'contentsummarylog'")), warnings().toString());
        assertTrue(warnings().stream().anyMatch(w -> w.contains("facilitydata/answer")), warnings().toString());
    }

    @Test
    void aDeclaredDependencyOrdersLikeAForeignKey() {
        SyncableModel late = SyncableModel.builder("facilitydata", "late").dependsOn("facility").build();
        catalog.add(source(1, TestApp.profile(List.of(late, TestApp.facility()))));
        assertEquals(List.of("facility", "late"), catalog.profile("facilitydata").names());
    }

    @Test
    void aModelWhoseTableCannotBeMadeIsLeftOut() {
        ModelCatalog failing = new ModelCatalog(log.logger(), model -> {
            if (model.name().equals("user")) {
                throw new IllegalStateException("disk full");
            }
        });
        failing.add(source(1, TestApp.profile()));

        assertEquals(List.of("facility"), failing.profile("facilitydata").names());
        assertTrue(log.at("error").stream().anyMatch(l -> l.message().contains("facilitydata/user")
                && l.message().contains("disk full")), log.lines().toString());
    }

    @Test
    void aServiceLeavingTakesItsModelsAway() {
        catalog.add(source(1, TestApp.profile()));
        catalog.remove(1);

        assertTrue(catalog.profile("facilitydata").isEmpty());
        assertTrue(catalog.profiles().isEmpty());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> catalog.profile("facilitydata").require("user"));
        assertTrue(e.getMessage().contains("facilitydata") && e.getMessage().contains("'user'"), e.getMessage());
    }

    @Test
    void aModelOfAnotherProfileIsLeftOut() {
        SyncableModel stray = SyncableModel.builder("other", "stray").build();
        catalog.add(source(4, TestApp.profile(List.of(TestApp.user(), stray))));

        assertEquals(List.of("user"), catalog.profile("facilitydata").names());
        assertTrue(warnings().stream().anyMatch(w -> w.contains("other/stray") && w.contains("service 4")));
    }

    @Test
    void tableNamesAreSafeIdentifiers() {
        assertEquals("app_kolibri_facility_data_user", SqlNames.table("Kolibri facility-data", "user"));
        String longName = SqlNames.table("p".repeat(40), "m".repeat(40));
        assertTrue(longName.length() <= 48 && longName.matches("[a-z0-9_]+"), longName);
        assertTrue(SqlNames.index(longName, "partition").length() <= 63);
    }

    private List<String> warnings() {
        return log.at("warn").stream().map(RecordingLogger.Line::message).toList();
    }

    private static List<String> fieldNames(RegisteredModel model) {
        return model.fields().stream().map(ModelField::name).toList();
    }

    private static ModelCatalog.ProfileSource source(long id, SyncProfile profile) {
        return new ModelCatalog.ProfileSource(id, "SyncProfile service " + id, profile);
    }
}

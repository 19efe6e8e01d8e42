package org.facilitysync.core.internal.model;

import java.util.List;
import java.util.Map;

import org.facilitysync.api.model.FieldType;
import org.facilitysync.api.model.ModelField;
import org.facilitysync.api.model.SourceIdRule;
import org.facilitysync.api.model.SyncProfile;
import org.facilitysync.api.model.SyncableModel;
import org.facilitysync.core.internal.storage.Database;
import org.slf4j.LoggerFactory;

/**
 * Morango's test app ({@code tests/testapp}, profile {@code facilitydata}) declared through the SPI, as
 * the vectors README describes it. Declared in Django's class order (facility, user, summary log,
 * interaction log) so that Morango's registry order falls out: user, contentinteractionlog,
 * contentsummarylog, facility.
 *
 * <p>Differences the SPI imposes: the user's source id is uuid5(username) or the root certificate id in
 * the test app, which the SPI cannot express, so tests give {@code _morango_source_id} explicitly; and
 * the user's serialized keys start with {@code id} (Django puts the inherited {@code password} and
 * {@code last_login} first), which only shows for users serialized here for the first time.
 */
public final class TestApp {

    public static final String PROFILE = "facilitydata";

    /** The vectors' Django tables and the models they hold. */
    public static final Map<String, String> TABLES = Map.of(
            "facility_profile_myuser", "user",
            "facility_profile_interactionlog", "contentinteractionlog",
            "facility_profile_summarylog", "contentsummarylog",
            "facility_profile_facility", "facility");

    private TestApp() {
    }

    public static SyncableModel facility() {
        return SyncableModel.builder(PROFILE, "facility")
                .field("name", FieldType.STRING)
                .field("now_date", FieldType.DATETIME)
                .field(ModelField.reference("parent_id", "facility").optional())
                .partition("")
                .sourceId(SourceIdRule.fromFields("name"))
                .build();
    }

    public static SyncableModel user() {
        return SyncableModel.builder(PROFILE, "user")
                .field("password", FieldType.STRING)
                .field(ModelField.of("last_login", FieldType.DATETIME).optional())
                .field("is_staff", FieldType.BOOLEAN)
                .field("is_superuser", FieldType.BOOLEAN)
                .field("username", FieldType.STRING)
                .partition("${id}:user")
                .idIsSourceId()
                .build();
    }

    public static SyncableModel summaryLog() {
        return SyncableModel.builder(PROFILE, "contentsummarylog")
                .field(ModelField.reference("user_id", "user"))
                .field("content_id", FieldType.STRING)
                .partition("${user_id}:user:summary")
                .sourceId(SourceIdRule.fromFields("user_id", "content_id"))
                .build();
    }

    public static SyncableModel interactionLog() {
        return SyncableModel.builder(PROFILE, "contentinteractionlog")
                .field(ModelField.reference("user_id", "user").optional())
                .field("content_id", FieldType.STRING)
                .partition("${user_id}:user:interaction")
                .build();
    }

    /** The four models as one service. */
    public static SyncProfile profile() {
        return profile(List.of(facility(), user(), summaryLog(), interactionLog()));
    }

    public static SyncProfile profile(List<SyncableModel> models) {
        return profile(PROFILE, models);
    }

    /** A service declaring {@code models} for profile {@code name}. */
    public static SyncProfile profile(String name, List<SyncableModel> models) {
        return new SyncProfile() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public List<SyncableModel> models() {
                return models;
            }
        };
    }

    /** A catalog on {@code database} with the test app registered (its tables created). */
    public static ModelCatalog catalog(Database database) {
        ModelCatalog catalog = new ModelCatalog(LoggerFactory.getLogger(TestApp.class), new AppTables(database)::provision);
        catalog.add(new ModelCatalog.ProfileSource(1, "test app", profile()));
        return catalog;
    }
}

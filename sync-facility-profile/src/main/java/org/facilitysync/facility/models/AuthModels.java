package org.facilitysync.facility.models;

import static org.facilitysync.facility.models.KolibriFields.bool;
import static org.facilitysync.facility.models.KolibriFields.collection;
import static org.facilitysync.facility.models.KolibriFields.dataset;
import static org.facilitysync.facility.models.KolibriFields.datetime;
import static org.facilitysync.facility.models.KolibriFields.jsonText;
import static org.facilitysync.facility.models.KolibriFields.text;
import static org.facilitysync.facility.models.KolibriFields.timestampTz;

import java.util.List;

import org.facilitysync.api.model.FieldType;
import org.facilitysync.api.model.ModelField;
import org.facilitysync.api.model.SourceIdRule;
import org.facilitysync.api.model.SyncableModel;

/**
 * The models of {@code kolibri/core/auth/models.py}: the dataset, the collection tree, users, and
 * the memberships and roles that tie users to collections.
 */
public final class AuthModels {

    public static final String FACILITY_DATASET = "facilitydataset";
    public static final String FACILITY = "facility";
    public static final String CLASSROOM = "classroom";
    public static final String LEARNER_GROUP = "learnergroup";
    /** Kolibri's {@code AdHocGroup}; its morango name is the collection kind. */
    public static final String AD_HOC_GROUP = "adhoclearnersgroup";
    public static final String FACILITY_USER = "facilityuser";
    public static final String MEMBERSHIP = "membership";
    public static final String ROLE = "role";

    /** The collection models, in the order of Kolibri's tree (a parent before its children). */
    public static final List<String> COLLECTIONS = List.of(FACILITY, CLASSROOM, LEARNER_GROUP, AD_HOC_GROUP);

    private AuthModels() {
    }

    /** The auth models in dependency order. */
    public static List<SyncableModel> all() {
        return List.of(facilityDataset(),
                collectionKind(FACILITY, FACILITY, true),
                collectionKind(CLASSROOM, FACILITY, false),
                collectionKind(LEARNER_GROUP, CLASSROOM, false),
                collectionKind(AD_HOC_GROUP, CLASSROOM, false),
                facilityUser(), membership(), role());
    }

    /**
     * The dataset's id is its source id, which Kolibri takes from a new full-facility root certificate
     * (so the certificate that roots a facility's sync is named by the dataset id). The SPI cannot make
     * a certificate: whoever creates a dataset passes the root certificate's id as its source id.
     */
    static SyncableModel facilityDataset() {
        return model(FACILITY_DATASET)
                .field(text("description"))
                .field(text("location"))
                .field(ModelField.of("preset", FieldType.STRING).withDefault("nonformal"))
                .field(bool("learner_can_edit_username", true))
                .field(bool("learner_can_edit_name", true))
                .field(bool("learner_can_edit_password", true))
                .field(bool("learner_can_sign_up", true))
                .field(bool("learner_can_delete_account", true))
                .field(bool("learner_can_login_with_no_password", false))
                .field(bool("show_download_button_in_learn", true))
                .field(jsonText("extra_fields", "{\"facility\": {}, \"on_my_own_setup\": false, \"pin_code\": \"\"}")
                        .optional())
                .field(bool("registered", false))
                .partition(KolibriPartitions.DATASET_ITSELF)
                .idIsSourceId()
                .build();
    }

    /**
     * One kind of Kolibri {@code Collection}. Kolibri keeps all kinds in one table with a {@code kind}
     * column, but registers each kind with Morango as a model of its own (Collection itself has no
     * morango name), so the kind is part of every record id and of the wire format. The {@code parent}
     * is a foreign key to the parent kind: a facility has none, a classroom's is a facility, a group's
     * is a classroom. Since all kinds are one table, Morango takes the parent as every kind's
     * self-reference ({@code _self_ref_fk}).
     *
     * @param parentKind the model the parent belongs to
     * @param root whether this kind is the root of the tree (its parent stays null)
     */
    private static SyncableModel collectionKind(String kind, String parentKind, boolean root) {
        ModelField parent = new ModelField("parent_id", FieldType.STRING, true, parentKind);
        SyncableModel.Builder builder = model(kind)
                .field(dataset())
                .field(text("name"))
                .field(parent)
                .field(text("kind"))
                .partition(KolibriPartitions.ALL_USERS_RO)
                .selfReference("parent_id");
        if (!root) {
            // Kolibri's morango_model_dependencies: a classroom after facilities, a group after classrooms.
            builder.dependsOn(parentKind);
        }
        return builder.build();
    }

    /**
     * A user; {@code password} is Django's hash, or {@code NOT_SPECIFIED} for a user without one. Django's
     * {@code AbstractBaseUser} fields come before Morango's in Kolibri's serialization.
     */
    static SyncableModel facilityUser() {
        return model(FACILITY_USER)
                .indexed("username") // a certificate request or login finds its user by one index search
                .field(text("password"))
                .field(datetime("last_login").optional())
                .morangoColumnsHere()
                .field(dataset())
                .field(text("username"))
                .field(text("full_name"))
                .field(timestampTz("date_joined"))
                .field(ModelField.reference("facility_id", FACILITY))
                .field(text("gender"))
                .field(text("birth_year"))
                .field(text("id_number"))
                .field(jsonText("extra_demographics").optional())
                .partition(KolibriPartitions.USER_ITSELF)
                .build();
    }

    /** A user's membership in a classroom or group: one per (user, collection), so its source id is the collection. */
    static SyncableModel membership() {
        return model(MEMBERSHIP)
                .field(dataset())
                .field(ModelField.reference("user_id", FACILITY_USER))
                .field(collection("collection_id"))
                .partition(KolibriPartitions.USER_RO)
                .sourceId(SourceIdRule.fromFields("collection_id"))
                .dependsOn(COLLECTIONS.toArray(String[]::new))
                .build();
    }

    /** A user's role (admin, coach, assignable coach) for a collection: one per (user, collection, kind). */
    static SyncableModel role() {
        return model(ROLE)
                .field(dataset())
                .field(ModelField.reference("user_id", FACILITY_USER))
                .field(collection("collection_id"))
                .field(text("kind"))
                .partition(KolibriPartitions.USER_RO)
                .sourceId(SourceIdRule.fromFields("collection_id", "kind"))
                .dependsOn(COLLECTIONS.toArray(String[]::new))
                .build();
    }

    static SyncableModel.Builder model(String name) {
        return SyncableModel.builder(FacilityDataModels.PROFILE, name);
    }
}

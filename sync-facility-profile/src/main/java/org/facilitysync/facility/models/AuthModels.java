package org.facilitysync.facility.models;

import static org.facilitysync.facility.models.KolibriFields.collection;
import static org.facilitysync.facility.models.KolibriFields.dataset;
import static org.facilitysync.facility.models.KolibriFields.datetime;
import static org.facilitysync.facility.models.KolibriFields.jsonText;
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
                .field("description", FieldType.STRING)
                .field("location", FieldType.STRING)
                .field("preset", FieldType.STRING)
                .field("learner_can_edit_username", FieldType.BOOLEAN)
                .field("learner_can_edit_name", FieldType.BOOLEAN)
                .field("learner_can_edit_password", FieldType.BOOLEAN)
                .field("learner_can_sign_up", FieldType.BOOLEAN)
                .field("learner_can_delete_account", FieldType.BOOLEAN)
                .field("learner_can_login_with_no_password", FieldType.BOOLEAN)
                .field("show_download_button_in_learn", FieldType.BOOLEAN)
                .field(jsonText("extra_fields").optional())
                .field("registered", FieldType.BOOLEAN)
                .partition(KolibriPartitions.DATASET_ITSELF)
                .idIsSourceId()
                .build();
    }

    /**
     * One kind of Kolibri {@code Collection}. Kolibri keeps all kinds in one table with a {@code kind}
     * column, but registers each kind with Morango as a model of its own (Collection itself has no
     * morango name), so the kind is part of every record id and of the wire format. The {@code parent}
     * is a foreign key to the parent kind: a facility has none, a classroom's is a facility, a group's
     * is a classroom.
     *
     * @param parentKind the model the parent belongs to
     * @param root whether this kind is the root of the tree (its parent stays null)
     */
    private static SyncableModel collectionKind(String kind, String parentKind, boolean root) {
        ModelField parent = new ModelField("parent_id", FieldType.STRING, root, parentKind);
        SyncableModel.Builder builder = model(kind)
                .field("name", FieldType.STRING)
                .field(parent)
                .field("kind", FieldType.STRING)
                .field(dataset())
                .partition(KolibriPartitions.ALL_USERS_RO);
        if (!root) {
            // Kolibri's morango_model_dependencies: a classroom after facilities, a group after classrooms.
            builder.dependsOn(parentKind);
        }
        return builder.build();
    }

    /** A user; {@code password} is Django's hash, or {@code NOT_SPECIFIED} for a user without one. */
    static SyncableModel facilityUser() {
        return model(FACILITY_USER)
                .indexed("username") // a certificate request or login finds its user by one index search
                .field("password", FieldType.STRING)
                .field(datetime("last_login").optional())
                .field("username", FieldType.STRING)
                .field("full_name", FieldType.STRING)
                .field(timestampTz("date_joined"))
                .field(ModelField.reference("facility_id", FACILITY))
                .field("gender", FieldType.STRING)
                .field("birth_year", FieldType.STRING)
                .field("id_number", FieldType.STRING)
                .field(jsonText("extra_demographics").optional())
                .field(dataset())
                .partition(KolibriPartitions.USER_ITSELF)
                .build();
    }

    /** A user's membership in a classroom or group: one per (user, collection), so its source id is the collection. */
    static SyncableModel membership() {
        return model(MEMBERSHIP)
                .field(ModelField.reference("user_id", FACILITY_USER))
                .field(collection("collection_id"))
                .field(dataset())
                .partition(KolibriPartitions.USER_RO)
                .sourceId(SourceIdRule.fromFields("collection_id"))
                .dependsOn(COLLECTIONS.toArray(String[]::new))
                .build();
    }

    /** A user's role (admin, coach, assignable coach) for a collection: one per (user, collection, kind). */
    static SyncableModel role() {
        return model(ROLE)
                .field(ModelField.reference("user_id", FACILITY_USER))
                .field(collection("collection_id"))
                .field("kind", FieldType.STRING)
                .field(dataset())
                .partition(KolibriPartitions.USER_RO)
                .sourceId(SourceIdRule.fromFields("collection_id", "kind"))
                .dependsOn(COLLECTIONS.toArray(String[]::new))
                .build();
    }

    static SyncableModel.Builder model(String name) {
        return SyncableModel.builder(FacilityDataModels.PROFILE, name);
    }
}

package org.facilitysync.facility.models;

import org.facilitysync.api.model.FieldType;
import org.facilitysync.api.model.ModelField;

/**
 * The field kinds Kolibri's facility models share, mapped to the SPI's {@link FieldType}s so that the
 * serialized values are exactly what a Kolibri peer sends and expects.
 *
 * <p>Two of Kolibri's field classes set {@code morango_serialize_to_string}, so Morango puts their
 * {@code value_to_string} into a record, not the value itself:
 * <ul>
 *   <li>{@code kolibri.core.fields.DateTimeTzField} serializes as {@code "2024-01-02 03:04:05.678000(UTC)"}
 *       (UTC time, microseconds, time zone name in parentheses). Django's ISO form, which
 *       {@link FieldType#DATETIME} produces, makes Kolibri's parser fail, so these are {@link FieldType#STRING}
 *       holding Kolibri's text.</li>
 *   <li>{@code kolibri.core.fields.JSONField} (jsonfield 3.1) serializes as the JSON <em>text</em>, a
 *       string inside the record. {@link FieldType#JSON} would embed the structure instead, so these are
 *       {@link FieldType#STRING} holding JSON text.</li>
 * </ul>
 * Plain Django {@code DateTimeField}s (an exam's dates, a user's {@code last_login}) are serialized by
 * Django's JSON encoder, which is {@link FieldType#DATETIME}.
 */
final class KolibriFields {

    private KolibriFields() {
    }

    /** {@code AbstractFacilityDataModel.dataset}: every facility record belongs to one dataset. */
    static ModelField dataset() {
        return ModelField.reference("dataset_id", AuthModels.FACILITY_DATASET);
    }

    /** A Kolibri {@code DateTimeTzField}: text like {@code 2024-01-02 03:04:05.678000(UTC)}. */
    static ModelField timestampTz(String name) {
        return ModelField.of(name, FieldType.STRING);
    }

    /** A Kolibri {@code JSONField}: JSON text in a string. */
    static ModelField jsonText(String name) {
        return ModelField.of(name, FieldType.STRING);
    }

    /** A Django {@code DateTimeField}. */
    static ModelField datetime(String name) {
        return ModelField.of(name, FieldType.DATETIME);
    }

    /**
     * A foreign key to a {@code Collection} of any kind. Kolibri's facility, classroom, learner group and
     * ad hoc group are proxy models of one table, each a model of its own for Morango; the SPI lets a
     * foreign key reference one model only, so this key references none, and the model lists the
     * collection models as {@link org.facilitysync.api.model.SyncableModel#dependencies() dependencies}.
     */
    static ModelField collection(String name) {
        return ModelField.of(name, FieldType.STRING);
    }
}

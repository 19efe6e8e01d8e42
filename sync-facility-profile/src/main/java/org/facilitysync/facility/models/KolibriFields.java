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
 *
 * <p>Every model declares its fields in Kolibri's serialization order ({@code _meta.concrete_fields}: the
 * dataset first, then the model's own), nullable where Kolibri's are, with Kolibri's static defaults
 * (callable ones, such as {@code timezone.now}, have none here: the writer gives the value).
 */
final class KolibriFields {

    private KolibriFields() {
    }

    /** {@code AbstractFacilityDataModel.dataset}: every facility record belongs to one dataset. */
    static ModelField dataset() {
        return ModelField.reference("dataset_id", AuthModels.FACILITY_DATASET);
    }

    /** A Kolibri {@code DateTimeTzField}: text like {@code 2024-01-02 03:04:05.678000(UTC)} (or another zone name). */
    static ModelField timestampTz(String name) {
        return ModelField.of(name, FieldType.STRING);
    }

    /**
     * A Kolibri {@code JSONField}: JSON text in a string. Morango writes it with {@code json.dumps}, so a Python
     * {@code None} is the text {@code "null"} (what a nullable one holds when empty, as Kolibri writes it);
     * Kolibri reads both {@code null} and {@code "null"} as None.
     */
    static ModelField jsonText(String name) {
        return ModelField.of(name, FieldType.STRING);
    }

    /** A Kolibri {@code JSONField} whose Django default is {@code defaultJson} (a Python literal as json.dumps writes it). */
    static ModelField jsonText(String name, String defaultJson) {
        return jsonText(name).withDefault(defaultJson);
    }

    /**
     * A Django {@code CharField} or {@code TextField}, not null: without a declared default Django still fills a
     * missing one with {@code ""} ({@code Field.get_default} for fields that allow empty strings).
     */
    static ModelField text(String name) {
        return ModelField.of(name, FieldType.STRING).withDefault("");
    }

    /** A Django {@code BooleanField} with its default. */
    static ModelField bool(String name, boolean defaultValue) {
        return ModelField.of(name, FieldType.BOOLEAN).withDefault(defaultValue);
    }

    /**
     * A Morango or Django {@code UUIDField} that is not a foreign key (content, channel, instance ids): its
     * text as the peer wrote it (Morango's is 32 hex digits; Django's {@code UUIDField}, for example an
     * individual syncable exam's {@code exam_id}, serializes with dashes).
     */
    static ModelField uuid(String name) {
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

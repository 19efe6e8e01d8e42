package org.facilitysync.facility.models;

import static org.facilitysync.facility.models.AuthModels.FACILITY_USER;
import static org.facilitysync.facility.models.AuthModels.model;
import static org.facilitysync.facility.models.KolibriFields.dataset;
import static org.facilitysync.facility.models.KolibriFields.datetime;
import static org.facilitysync.facility.models.KolibriFields.uuid;

import java.util.List;

import org.facilitysync.api.model.FieldType;
import org.facilitysync.api.model.ModelField;
import org.facilitysync.api.model.SourceIdRule;
import org.facilitysync.api.model.SyncableModel;

/**
 * The syncable model of {@code kolibri/core/device/models.py}: the rest of that app (device settings,
 * permissions, the sync queue) is local to a device and never syncs.
 */
public final class DeviceModels {

    public static final String LEARNER_DEVICE_STATUS = "learnerdevicestatus";

    private DeviceModels() {
    }

    /** The device models in dependency order. */
    public static List<SyncableModel> all() {
        return List.of(learnerDeviceStatus());
    }

    /**
     * A status a learner-only device reports about itself for one learner (Kolibri 0.17 knows one:
     * {@code InsufficientStorage}, sentiment -1; unknown statuses are kept, their sentiment says how bad they
     * are). One per (device instance, user): Kolibri's source id is {@code instance_id:user_id}, and the record
     * lives in the learner's {@code user-rw} partition so that it travels up from the learner's device.
     */
    static SyncableModel learnerDeviceStatus() {
        return model(LEARNER_DEVICE_STATUS)
                .field(dataset())
                .field(uuid("instance_id"))
                .field(ModelField.reference("user_id", FACILITY_USER))
                .field(datetime("created_at"))
                .field(datetime("updated_at"))
                .field(KolibriFields.text("status"))
                .field("status_sentiment", FieldType.INTEGER)
                .partition(KolibriPartitions.USER_RW)
                .sourceId(SourceIdRule.fromFields("instance_id", "user_id"))
                .build();
    }
}

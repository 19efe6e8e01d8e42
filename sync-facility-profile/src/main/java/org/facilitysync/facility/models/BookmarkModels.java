package org.facilitysync.facility.models;

import static org.facilitysync.facility.models.AuthModels.FACILITY_USER;
import static org.facilitysync.facility.models.AuthModels.model;
import static org.facilitysync.facility.models.KolibriFields.dataset;
import static org.facilitysync.facility.models.KolibriFields.datetime;
import static org.facilitysync.facility.models.KolibriFields.uuid;

import java.util.List;

import org.facilitysync.api.model.ModelField;
import org.facilitysync.api.model.SyncableModel;

/** The model of {@code kolibri/core/bookmarks/models.py}: a content item a learner bookmarked. */
public final class BookmarkModels {

    public static final String BOOKMARK = "bookmark";

    private BookmarkModels() {
    }

    /** The bookmark models in dependency order. */
    public static List<SyncableModel> all() {
        return List.of(bookmark());
    }

    /**
     * A user's bookmark of a content node: the user's own data ({@code user-rw}), with a random source id
     * (Kolibri's {@code AbstractFacilityDataModel} default; one per (user, content node) is only a database
     * constraint there). The content ids are Morango {@code UUIDField}s (32 hex digits); {@code created} is a
     * plain Django {@code DateTimeField}.
     */
    static SyncableModel bookmark() {
        return model(BOOKMARK)
                .field(dataset())
                .field(uuid("content_id").optional())
                .field(uuid("channel_id").optional())
                .field(uuid("contentnode_id"))
                .field(ModelField.reference("user_id", FACILITY_USER))
                .field(datetime("created"))
                .partition(KolibriPartitions.USER_RW)
                .build();
    }
}

package org.facilitysync.facility.models;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

import org.facilitysync.api.model.SyncableModel;

/** All models of the {@code facilitydata} profile, in dependency order, built once. */
public final class FacilityDataModels {

    /** Kolibri's {@code PROFILE_FACILITY_DATA}. */
    public static final String PROFILE = "facilitydata";

    private static final List<SyncableModel> ALL;
    private static final Map<String, SyncableModel> BY_NAME;

    static {
        List<SyncableModel> all = new ArrayList<>(AuthModels.all());
        // Exams before the logger: exam logs reference exams.
        all.addAll(LessonModels.all());
        all.addAll(ExamModels.all());
        all.addAll(LoggerModels.all());
        all.addAll(BookmarkModels.all());
        all.addAll(DeviceModels.all());
        ALL = List.copyOf(all);
        Map<String, SyncableModel> byName = new LinkedHashMap<>();
        for (SyncableModel model : ALL) {
            if (byName.put(model.name(), model) != null) {
                throw new IllegalStateException("model '" + model.name() + "' is declared twice");
            }
        }
        BY_NAME = Collections.unmodifiableMap(byName);
    }

    private FacilityDataModels() {
    }

    /** Every model, each after the models it references or depends on. */
    public static List<SyncableModel> all() {
        return ALL;
    }

    /**
     * The model named {@code name}.
     *
     * @throws NoSuchElementException when the profile has no such model
     */
    public static SyncableModel get(String name) {
        SyncableModel model = BY_NAME.get(name);
        if (model == null) {
            throw new NoSuchElementException("the " + PROFILE + " profile has no model '" + name + "'; it has "
                    + BY_NAME.keySet());
        }
        return model;
    }
}

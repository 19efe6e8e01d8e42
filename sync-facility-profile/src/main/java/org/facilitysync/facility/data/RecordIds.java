package org.facilitysync.facility.data;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.facilitysync.api.model.MorangoIds;
import org.facilitysync.api.model.SyncableModel;

/**
 * The id and partition a record will get, by Morango's rule (reference §4.1): source id from the model's
 * rule, id and partition by {@link MorangoIds}, as the core computes them.
 *
 * <p>The core computes these when a record is created; the generator computes them too because it
 * streams: a learner's logs carry the learner's id before anything has been written. A record the core
 * creates from a generated one gets the same id, which callers may check.
 *
 * <p>Not thread-safe (a cache of cut templates per instance).
 */
final class RecordIds {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([a-z][a-z0-9_]*)}");

    private final SyncableModel model;
    /** Each partition template of the model, cut at its placeholders. */
    private final Map<String, List<String>> partsByTemplate = new HashMap<>();

    RecordIds(SyncableModel model) {
        this.model = model;
    }

    /** A partition template cut at its placeholders: literals at even indexes, field names at odd ones. */
    private static List<String> parts(String partitionTemplate) {
        List<String> parts = new ArrayList<>();
        Matcher matcher = PLACEHOLDER.matcher(partitionTemplate);
        int end = 0;
        while (matcher.find()) {
            parts.add(partitionTemplate.substring(end, matcher.start()));
            parts.add(matcher.group(1));
            end = matcher.end();
        }
        parts.add(partitionTemplate.substring(end));
        return parts;
    }

    /**
     * The source id the model's rule computes from {@code values}, or {@code explicit} when it is given.
     *
     * @throws IllegalArgumentException when neither gives one (a random rule needs an explicit id here)
     */
    String sourceId(Map<String, Object> values, String explicit) {
        if (explicit != null) {
            return explicit;
        }
        if (model.sourceId().isRandom()) {
            throw new IllegalArgumentException("model '" + model.name()
                    + "' has random source ids: a generated record must give its source id explicitly");
        }
        return model.sourceId().join(field -> text(field, values.get(field)));
    }

    /** The record's id and partition, as {@code [id, partition]}. */
    String[] idAndPartition(Map<String, Object> values, String sourceId) {
        List<String> parts = partsByTemplate.computeIfAbsent(model.partitionTemplate(values::get), RecordIds::parts);
        StringBuilder template = new StringBuilder(96);
        for (int i = 0; i < parts.size(); i++) {
            String part = parts.get(i);
            if (i % 2 == 0) {
                template.append(part);
            } else if (part.equals("id")) {
                template.append(SyncableModel.ID_PLACEHOLDER);
            } else {
                template.append(text(part, values.get(part)));
            }
        }
        String partitionTemplate = template.toString();
        String id = MorangoIds.modelUuid(model, partitionTemplate, sourceId);
        return new String[] {id, MorangoIds.partition(partitionTemplate, id)};
    }

    private String text(String field, Object value) {
        if (value instanceof String || value instanceof Long || value instanceof Integer) {
            return value.toString();
        }
        throw new IllegalArgumentException("model '" + model.name() + "' needs field '" + field
                + "' for its id, but its value is " + value);
    }
}

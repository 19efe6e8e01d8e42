package org.facilitysync.facility.data;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.facilitysync.api.model.SyncableModel;

/**
 * The id and partition a record will get, by Morango's rule (reference §4.1): source id from the model's
 * rule, {@code id = sha2_uuid(partition-with-literal-${id}, source_id, model_name)} (or the source id
 * itself), partition = template with {@code ${id}} replaced by the id.
 *
 * <p>The core computes these when a record is created; the generator computes them too because it
 * streams: a learner's logs carry the learner's id before anything has been written. A record the core
 * creates from a generated one gets the same id, which callers may check.
 *
 * <p>Not thread-safe (one digest per instance).
 */
final class RecordIds {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([a-z][a-z0-9_]*)}");
    private static final HexFormat HEX = HexFormat.of();

    private final SyncableModel model;
    /** Each partition template of the model, cut at its placeholders. */
    private final Map<String, List<String>> partsByTemplate = new HashMap<>();
    private final MessageDigest sha256;

    RecordIds(SyncableModel model) {
        this.model = model;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256, which every Java platform must have", e);
        }
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
        StringBuilder joined = new StringBuilder();
        for (String field : model.sourceId().fields()) {
            if (joined.length() > 0) {
                joined.append(':');
            }
            joined.append(text(field, values.get(field)));
        }
        return joined.toString();
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
        String id = model.idIsSourceId() ? sourceId : sha2Uuid(partitionTemplate, sourceId, model.name());
        return new String[] {id, partitionTemplate.replace(SyncableModel.ID_PLACEHOLDER, id)};
    }

    /** Morango's {@code sha2_uuid}: the first 32 hex digits of SHA-256 over the arguments joined with "::". */
    String sha2Uuid(String... args) {
        byte[] digest = sha256.digest(String.join("::", args).getBytes(StandardCharsets.UTF_8));
        return HEX.formatHex(digest, 0, 16);
    }

    private String text(String field, Object value) {
        if (value instanceof String || value instanceof Long || value instanceof Integer) {
            return value.toString();
        }
        throw new IllegalArgumentException("model '" + model.name() + "' needs field '" + field
                + "' for its id, but its value is " + value);
    }
}

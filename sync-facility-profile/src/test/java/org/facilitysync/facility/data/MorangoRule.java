package org.facilitysync.facility.data;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.facilitysync.api.model.SyncableModel;

/**
 * Morango's id and partition rule (reference §4.1), written again for the tests, independently of the
 * generator's own, the way the core will apply it: what a record's id and partition will be once created.
 */
final class MorangoRule {

    private static final Pattern FIELD = Pattern.compile("\\$\\{([a-z_]+)}");

    private MorangoRule() {
    }

    /** {@code [sourceId, id, partition]} of a record of {@code model} created with {@code values}. */
    static String[] identity(SyncableModel model, Map<String, Object> values) {
        String sourceId = (String) values.get("_morango_source_id");
        if (sourceId == null) {
            StringBuilder joined = new StringBuilder();
            for (String field : model.sourceId().fields()) {
                joined.append(joined.length() == 0 ? "" : ":").append(values.get(field));
            }
            sourceId = joined.toString();
        }
        Matcher matcher = FIELD.matcher(model.partitionTemplate());
        StringBuilder template = new StringBuilder();
        while (matcher.find()) {
            String field = matcher.group(1);
            matcher.appendReplacement(template,
                    Matcher.quoteReplacement(field.equals("id") ? "${id}" : String.valueOf(values.get(field))));
        }
        matcher.appendTail(template);
        String id = model.idIsSourceId() ? sourceId : sha2Uuid(template + "::" + sourceId + "::" + model.name());
        return new String[] {sourceId, id, template.toString().replace("${id}", id)};
    }

    static String sha2Uuid(String joined) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(joined.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, 32);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}

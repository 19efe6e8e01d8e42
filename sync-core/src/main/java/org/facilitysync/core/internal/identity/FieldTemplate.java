package org.facilitysync.core.internal.identity;

import org.facilitysync.api.model.SyncableModel;

import java.util.Map;

/**
 * Substitutes {@code ${field}} in the partition and source-id templates of {@link ModelIdentityRule}.
 * {@code ${id}} is left alone: it is Morango's placeholder for the uuid that is not known yet.
 */
final class FieldTemplate {

    private FieldTemplate() {
    }

    static String substitute(String template, Map<String, String> fields) {
        StringBuilder out = new StringBuilder(template.length() + 32);
        int i = 0;
        while (i < template.length()) {
            int start = template.indexOf("${", i);
            if (start < 0) {
                out.append(template, i, template.length());
                break;
            }
            int end = template.indexOf('}', start + 2);
            if (end < 0) {
                throw new IllegalArgumentException("unclosed '${' at index " + start + " of template '" + template + "'");
            }
            out.append(template, i, start);
            String name = template.substring(start + 2, end);
            if (name.equals("id")) {
                out.append(SyncableModel.ID_PLACEHOLDER);
            } else {
                String value = fields.get(name);
                if (value == null) {
                    throw new IllegalArgumentException("template '" + template + "' needs field '" + name
                            + "', which the record does not have (or is null)");
                }
                out.append(value);
            }
            i = end + 1;
        }
        return out.toString();
    }
}

package org.facilitysync.core.internal.identity;

import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * How a model computes its source id ({@code calculate_source_id}) when the record has none yet,
 * as data: a template over the record's fields, the uuid5 of such a template, or random.
 */
public sealed interface SourceIdRule {

    /**
     * The source id for a record with these field values; {@code null} means "random", as a Python
     * {@code calculate_source_id} returning {@code None} does.
     */
    String sourceId(Map<String, String> fields);

    /** The source id is the template with {@code ${field}} replaced by the record's field values. */
    record Template(String template) implements SourceIdRule {
        public Template {
            Objects.requireNonNull(template, "template");
        }

        @Override
        public String sourceId(Map<String, String> fields) {
            return FieldTemplate.substitute(template, fields);
        }
    }

    /** The source id is {@code uuid5(namespace, template-with-fields).hex}. */
    record Uuid5OfTemplate(UUID namespace, String template) implements SourceIdRule {
        public Uuid5OfTemplate {
            Objects.requireNonNull(namespace, "namespace");
            Objects.requireNonNull(template, "template");
        }

        @Override
        public String sourceId(Map<String, String> fields) {
            return Uuid5.hex(namespace, FieldTemplate.substitute(template, fields));
        }
    }

    /** The model has no natural key: Morango uses a random {@code uuid4().hex}. */
    record Random() implements SourceIdRule {
        @Override
        public String sourceId(Map<String, String> fields) {
            return null;
        }
    }
}

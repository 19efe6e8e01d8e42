package org.facilitysync.core.internal.certificate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.facilitysync.core.internal.identity.PythonJson;

/**
 * A certificate's {@code scope_params}: a JSON object kept as the exact string the certificate
 * carries (it is part of the signed text), read into parameter values for the templates.
 */
public final class ScopeParams {

    /** Python's {@code json.loads}, configured once for all Morango text. */
    private static final ObjectMapper MAPPER = PythonJson.MAPPER;

    private ScopeParams() {
    }

    /** The parameters of a {@code scope_params} string, in its order. */
    public static Map<String, Object> parse(String scopeParams) {
        JsonNode root;
        try {
            root = MAPPER.readTree(scopeParams);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("scope_params is not valid JSON: " + scopeParams, e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("scope_params is not a JSON object: " + scopeParams);
        }
        Map<String, Object> params = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode value = field.getValue();
            if (value.isTextual()) {
                params.put(field.getKey(), value.textValue());
            } else if (value.isIntegralNumber()) {
                params.put(field.getKey(), value.bigIntegerValue());
            } else if (value.isBoolean()) {
                params.put(field.getKey(), value.booleanValue());
            } else if (value.isNull()) {
                params.put(field.getKey(), null);
            } else {
                throw new IllegalArgumentException("scope_params value of '" + field.getKey()
                        + "' is neither a string, an integer, a boolean nor null: " + scopeParams);
            }
        }
        return params;
    }

    /** The {@code scope_params} string Morango writes for these parameters ({@code json.dumps}). */
    public static String write(Map<String, ?> params) {
        return PythonJson.dumps(params);
    }
}

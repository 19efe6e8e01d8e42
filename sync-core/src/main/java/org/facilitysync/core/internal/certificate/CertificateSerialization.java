package org.facilitysync.core.internal.certificate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import org.facilitysync.core.internal.identity.PythonJson;

/**
 * A certificate's {@code serialized} text, the message its signer signs (Morango's {@code
 * Certificate.serialize} / {@code deserialize}): {@code json.dumps} of {@code id, parent_id,
 * profile, salt, scope_definition_id, scope_version, scope_params, public_key_string} in that
 * order.
 */
public final class CertificateSerialization {

    /** Python's {@code json.loads}, configured once for all Morango text. */
    private static final ObjectMapper MAPPER = PythonJson.MAPPER;

    private CertificateSerialization() {
    }

    /** The text to sign for these fields. */
    public static String serializedText(String id, String parentId, String profile, String salt,
                                        String scopeDefinitionId, int scopeVersion, String scopeParams,
                                        String publicKeyString) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("id", id);
        data.put("parent_id", parentId);
        data.put("profile", profile);
        data.put("salt", salt);
        data.put("scope_definition_id", scopeDefinitionId);
        data.put("scope_version", scopeVersion);
        data.put("scope_params", scopeParams);
        data.put("public_key_string", publicKeyString);
        return PythonJson.dumps(data);
    }

    /**
     * The certificate a {@code serialized} text and signature describe; as in Morango the model is
     * rebuilt from the signed text only, never from fields sent beside it.
     *
     * @throws CertificateVerificationException (rule {@link CertificateVerificationException.Rule#MALFORMED})
     *     when the text lacks a field or has one of the wrong type
     */
    public static Certificate fromSerialized(String serialized, String signature) {
        JsonNode data;
        try {
            data = MAPPER.readTree(serialized);
        } catch (JsonProcessingException e) {
            throw malformed(serialized, "serialized is not valid JSON");
        }
        if (data == null || !data.isObject()) {
            throw malformed(serialized, "serialized is not a JSON object");
        }
        String id = text(data, "id", serialized, false);
        String parentId = text(data, "parent_id", serialized, true);
        String profile = text(data, "profile", serialized, false);
        JsonNode saltNode = data.get("salt");
        String salt = saltNode == null || saltNode.isNull() ? "" : text(data, "salt", serialized, false);
        String scopeDefinitionId = text(data, "scope_definition_id", serialized, false);
        JsonNode version = data.get("scope_version");
        if (version == null || !version.canConvertToInt() || !version.isIntegralNumber()) {
            throw malformed(serialized, "scope_version is missing or not an integer");
        }
        String scopeParams = text(data, "scope_params", serialized, false);
        String publicKey;
        try {
            publicKey = PublicKeyString.normalize(text(data, "public_key_string", serialized, false));
        } catch (IllegalArgumentException e) {
            throw new CertificateVerificationException(id, CertificateVerificationException.Rule.MALFORMED,
                    e.getMessage());
        }
        return new Certificate(id, parentId, profile, salt, scopeDefinitionId, version.intValue(), scopeParams,
                publicKey, serialized, signature == null ? "" : signature);
    }

    private static String text(JsonNode data, String key, String serialized, boolean nullable) {
        JsonNode value = data.get(key);
        if (value == null) {
            throw malformed(serialized, "serialized has no \"" + key + "\"");
        }
        if (value.isNull() && nullable) {
            return null;
        }
        if (!value.isTextual()) {
            throw malformed(serialized, "\"" + key + "\" in serialized is not a string: " + value);
        }
        return value.textValue();
    }

    private static CertificateVerificationException malformed(String serialized, String problem) {
        String id = "?";
        try {
            JsonNode data = MAPPER.readTree(serialized);
            if (data != null && data.path("id").isTextual()) {
                id = data.path("id").textValue();
            }
        } catch (JsonProcessingException ignored) {
            // the problem itself says the text is not JSON
        }
        return new CertificateVerificationException(id, CertificateVerificationException.Rule.MALFORMED, problem);
    }
}

package org.facilitysync.core.internal.wire;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.facilitysync.core.internal.certificate.Certificate;
import org.facilitysync.core.internal.certificate.CertificateChainEntry;
import org.facilitysync.core.internal.identity.PythonJson;

/**
 * The certificate resource ({@code certificates/}): a certificate as Morango's API serializes it
 * ({@code id, parent, profile, scope_definition, scope_version, scope_params, public_key, serialized,
 * signature, salt}), and the certificate signing request a client POSTs. The signed text inside
 * ({@code serialized}) is the certificate's own, written by {@code certificate/CertificateSerialization}.
 */
public final class CertificateWire {

    private static final String ID = "id";
    private static final String PARENT = "parent";
    private static final String PROFILE = "profile";
    private static final String SCOPE_DEFINITION = "scope_definition";
    private static final String SCOPE_VERSION = "scope_version";
    private static final String SCOPE_PARAMS = "scope_params";
    private static final String PUBLIC_KEY = "public_key";
    private static final String SERIALIZED = "serialized";
    private static final String SIGNATURE = "signature";
    private static final String SALT = "salt";

    private CertificateWire() {
    }

    /** The API object of a certificate, in Morango's field order. */
    public static Map<String, Object> toApi(Certificate certificate) {
        Map<String, Object> api = new LinkedHashMap<>();
        api.put(ID, certificate.id());
        api.put(PARENT, certificate.parentId());
        api.put(PROFILE, certificate.profile());
        api.put(SCOPE_DEFINITION, certificate.scopeDefinitionId());
        api.put(SCOPE_VERSION, certificate.scopeVersion());
        api.put(SCOPE_PARAMS, certificate.scopeParams());
        api.put(PUBLIC_KEY, certificate.publicKeyString());
        api.put(SERIALIZED, certificate.serialized());
        api.put(SIGNATURE, certificate.signature());
        api.put(SALT, certificate.salt());
        return api;
    }

    /** A server's answer of one certificate. */
    public static String json(Certificate certificate) {
        return WireJson.write(toApi(certificate));
    }

    /** A server's answer of a list of certificates. */
    public static String json(List<Certificate> certificates) {
        List<Map<String, Object>> items = new ArrayList<>();
        certificates.forEach(c -> items.add(toApi(c)));
        return WireJson.write(items);
    }

    /** The chain entry of one API object: what a reader needs to verify the certificate. */
    public static CertificateChainEntry entry(JsonNode api, String where) {
        for (String key : new String[] {ID, SERIALIZED, SIGNATURE}) {
            if (!api.path(key).isTextual()) {
                throw new IllegalArgumentException(where + " has no string \"" + key + "\"");
            }
        }
        return new CertificateChainEntry(api.get(ID).textValue(), api.get(SERIALIZED).textValue(),
                api.get(SIGNATURE).textValue());
    }

    /**
     * A certificate signing request ({@code POST certificates/}, Morango's {@code CertificateViewSet.create}).
     *
     * @param scopeParams the scope parameters as the JSON object text Morango signs
     */
    public record SigningRequest(String parentId, String profile, String scopeDefinitionId, int scopeVersion,
            String scopeParams, String publicKey) {

        /** The JSON text, as Morango's client writes it. */
        public String json() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put(PARENT, parentId);
            body.put(PROFILE, profile);
            body.put(SCOPE_DEFINITION, scopeDefinitionId);
            body.put(SCOPE_VERSION, scopeVersion);
            body.put(SCOPE_PARAMS, scopeParams);
            body.put(PUBLIC_KEY, publicKey);
            return PythonJson.dumps(body);
        }

        /** @throws WireFormatException naming the first field that is missing or malformed */
        public static SigningRequest read(String body) {
            WireObject fields = WireObject.of(body);
            String parentId = fields.text(PARENT);
            String profile = fields.text(PROFILE);
            String scopeDefinitionId = fields.text(SCOPE_DEFINITION);
            int scopeVersion = fields.integer(SCOPE_VERSION);
            String scopeParams = fields.text(SCOPE_PARAMS);
            String publicKey = fields.text(PUBLIC_KEY);
            return new SigningRequest(parentId, profile, scopeDefinitionId, scopeVersion, scopeParams, publicKey);
        }
    }
}

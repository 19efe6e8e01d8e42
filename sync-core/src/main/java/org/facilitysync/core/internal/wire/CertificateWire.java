package org.facilitysync.core.internal.wire;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
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

    // what a certificate signing request and the certificate have alike
    private static final String PARENT = "parent", PROFILE = "profile", PUBLIC_KEY = "public_key";
    private static final String SCOPE_DEFINITION = "scope_definition", SCOPE_VERSION = "scope_version",
            SCOPE_PARAMS = "scope_params";
    // what only the signed certificate has
    private static final String ID = "id", SERIALIZED = "serialized", SIGNATURE = "signature", SALT = "salt";

    private CertificateWire() {
    }

    /** The API object of a certificate, in Morango's field order. */
    public static Map<String, Object> toApi(Certificate certificate) {
        return WireJson.fields(ID, certificate.id(), PARENT, certificate.parentId(), PROFILE, certificate.profile(),
                SCOPE_DEFINITION, certificate.scopeDefinitionId(), SCOPE_VERSION, certificate.scopeVersion(),
                SCOPE_PARAMS, certificate.scopeParams(), PUBLIC_KEY, certificate.publicKeyString(),
                SERIALIZED, certificate.serialized(), SIGNATURE, certificate.signature(), SALT, certificate.salt());
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
            return PythonJson.dumps(WireJson.fields(PARENT, parentId, PROFILE, profile, SCOPE_DEFINITION,
                    scopeDefinitionId, SCOPE_VERSION, scopeVersion, SCOPE_PARAMS, scopeParams, PUBLIC_KEY, publicKey));
        }

        /** @throws WireFormatException naming the first field that is missing or malformed */
        public static SigningRequest read(String body) {
            WireObject fields = WireObject.of(body);
            // arguments are read left to right: the first bad field is the one named
            return new SigningRequest(fields.text(PARENT), fields.text(PROFILE), fields.text(SCOPE_DEFINITION),
                    fields.integer(SCOPE_VERSION), fields.text(SCOPE_PARAMS), fields.text(PUBLIC_KEY));
        }
    }
}

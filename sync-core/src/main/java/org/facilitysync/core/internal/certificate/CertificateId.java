package org.facilitysync.core.internal.certificate;

import java.util.ArrayList;
import java.util.List;
import org.facilitysync.api.model.MorangoIds;

/**
 * A certificate's id: {@code sha2_uuid} of ONE argument, the non-empty ones of (public key string,
 * profile, salt) joined with {@code ":"} (Morango's {@code UUIDModelMixin.calculate_uuid} with
 * {@code uuid_input_fields = ("public_key", "profile", "salt")}). Binding the id to the key means
 * nobody can issue a certificate under someone else's id; the salt of CSR-signed certificates stops
 * a requester from forcing an id collision.
 */
public final class CertificateId {

    private CertificateId() {
    }

    /** The id for a (canonical) public key string, profile and salt. */
    public static String of(String publicKeyString, String profile, String salt) {
        List<String> parts = new ArrayList<>(3);
        for (String value : new String[] {publicKeyString, profile, salt}) {
            if (value != null && !value.isEmpty()) {
                parts.add(value);
            }
        }
        if (parts.isEmpty()) {
            // Morango would fall back to a random id; a certificate without a key is meaningless
            throw new IllegalArgumentException("a certificate id needs at least a public key");
        }
        return MorangoIds.sha2Uuid(String.join(":", parts));
    }
}

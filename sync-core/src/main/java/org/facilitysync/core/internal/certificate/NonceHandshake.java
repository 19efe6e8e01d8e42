package org.facilitysync.core.internal.certificate;

import java.util.Objects;

/**
 * The proof of certificate ownership when a sync session is created: both sides sign the text
 * {@code "{nonce}:{sync_session_id}"} with their certificate's key (the client first, with a nonce
 * the server issued; the server answers with its signature of the same text), and each verifies the
 * other's signature with the other's certificate.
 */
public final class NonceHandshake {

    private NonceHandshake() {
    }

    /** The signed text. */
    public static String message(String nonce, String syncSessionId) {
        Objects.requireNonNull(nonce, "nonce");
        Objects.requireNonNull(syncSessionId, "syncSessionId");
        return nonce + ":" + syncSessionId;
    }

    /** This side's signature, made with the key of the certificate it uses for the session. */
    public static String sign(RsaKey ownKey, String nonce, String syncSessionId) {
        return ownKey.sign(message(nonce, syncSessionId));
    }

    /** Whether the peer's signature verifies with the peer's certificate. */
    public static boolean verify(Certificate peerCertificate, String nonce, String syncSessionId, String signature) {
        return peerCertificate.publicKey().verify(message(nonce, syncSessionId), signature);
    }
}

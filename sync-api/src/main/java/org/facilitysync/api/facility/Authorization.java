package org.facilitysync.api.facility;

import java.util.Objects;

/**
 * How a {@link CertificateAuthorizer} decided a signing request, with the reason given to the
 * requester (never the password, never whether the username exists).
 *
 * @param outcome granted, or why not
 * @param reason a sentence for the requester; empty when granted
 */
public record Authorization(Outcome outcome, String reason) {

    /** The decision. */
    public enum Outcome {
        /** The user may obtain the certificate. */
        GRANTED,
        /** Unknown user or wrong password: the server answers 401. */
        BAD_CREDENTIALS,
        /** The user is known but may not obtain this scope: the server answers 403. */
        FORBIDDEN
    }

    public Authorization {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(reason, "reason");
    }

    public static Authorization granted() {
        return new Authorization(Outcome.GRANTED, "");
    }

    public static Authorization badCredentials() {
        return new Authorization(Outcome.BAD_CREDENTIALS, "invalid username or password");
    }

    public static Authorization forbidden(String reason) {
        return new Authorization(Outcome.FORBIDDEN, reason);
    }

    public boolean isGranted() {
        return outcome == Outcome.GRANTED;
    }
}

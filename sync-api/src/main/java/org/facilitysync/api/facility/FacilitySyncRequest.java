package org.facilitysync.api.facility;

import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

import org.facilitysync.api.execution.SyncOptions;

/**
 * What {@code sync:sync} asks for (Kolibri's options).
 *
 * @param baseUrl the peer, for example {@code http://127.0.0.1:8000/}
 * @param facility the facility to sync, by its facility id (what Kolibri users type) or its dataset id; the
 *        peer's {@code /api/public/v1/facility/} maps one to the other; empty to use the only one the peer offers
 * @param username an admin's username on the peer, for a signing request when this node has no
 *        certificate for the facility
 * @param password that admin's password; empty for a learner who logs in by username alone (a single-user
 *        sync where the peer's dataset allows learners to log in without a password)
 * @param user a single-user sync of this user id (32 hex); empty for the full facility
 * @param pull whether to pull (Kolibri's {@code --no-pull} clears it)
 * @param push whether to push (Kolibri's {@code --no-push} clears it); the pull runs first
 * @param keepAlive leave the sync session open on the peer at the end
 * @param trustedCertificate a PEM certificate to trust for an HTTPS peer with a self-signed one
 * @param options chunk size, overall deadline and progress of each transfer
 */
public record FacilitySyncRequest(URI baseUrl, Optional<String> facility, Optional<String> username,
        Optional<char[]> password, Optional<String> user, boolean pull, boolean push, boolean keepAlive,
        Optional<Path> trustedCertificate, SyncOptions options) {

    private static final Pattern ID = Pattern.compile("[0-9a-f]{32}");

    public FacilitySyncRequest {
        Objects.requireNonNull(baseUrl, "baseUrl");
        String scheme = baseUrl.getScheme();
        if (!"http".equals(scheme) && !"https".equals(scheme) || baseUrl.getHost() == null) {
            throw new IllegalArgumentException("--baseurl must be an http:// or https:// URL with a host, not '"
                    + baseUrl + "'");
        }
        Objects.requireNonNull(facility, "facility");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(trustedCertificate, "trustedCertificate");
        Objects.requireNonNull(options, "options");
        facility.ifPresent(id -> requireId("--facility", id));
        user.ifPresent(id -> requireId("--user", id));
        if (user.isPresent() && facility.isEmpty()) {
            throw new IllegalArgumentException("--user needs --facility: a single-user sync names its facility");
        }
        if (!pull && !push) {
            throw new IllegalArgumentException("--no-pull and --no-push together leave nothing to sync");
        }
    }

    /** A full pull-then-push of {@code baseUrl}'s only facility, with default options. */
    public static FacilitySyncRequest to(URI baseUrl) {
        return new FacilitySyncRequest(baseUrl, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), true, true, false, Optional.empty(), SyncOptions.defaults());
    }

    public FacilitySyncRequest withFacility(String facilityOrDatasetId) {
        return new FacilitySyncRequest(baseUrl, Optional.of(facilityOrDatasetId), username, password, user, pull, push,
                keepAlive, trustedCertificate, options);
    }

    public FacilitySyncRequest withCredentials(String name, char[] secret) {
        return new FacilitySyncRequest(baseUrl, facility, Optional.of(name), Optional.of(secret), user, pull, push,
                keepAlive, trustedCertificate, options);
    }

    public FacilitySyncRequest withUser(String userId) {
        return new FacilitySyncRequest(baseUrl, facility, username, password, Optional.of(userId), pull, push,
                keepAlive, trustedCertificate, options);
    }

    public FacilitySyncRequest withDirections(boolean doPull, boolean doPush) {
        return new FacilitySyncRequest(baseUrl, facility, username, password, user, doPull, doPush, keepAlive,
                trustedCertificate, options);
    }

    public FacilitySyncRequest withKeepAlive(boolean value) {
        return new FacilitySyncRequest(baseUrl, facility, username, password, user, pull, push, value,
                trustedCertificate, options);
    }

    public FacilitySyncRequest withTrustedCertificate(Path pem) {
        return new FacilitySyncRequest(baseUrl, facility, username, password, user, pull, push, keepAlive,
                Optional.of(pem), options);
    }

    public FacilitySyncRequest withOptions(SyncOptions value) {
        return new FacilitySyncRequest(baseUrl, facility, username, password, user, pull, push, keepAlive,
                trustedCertificate, value);
    }

    private static void requireId(String option, String value) {
        if (!ID.matcher(value).matches()) {
            throw new IllegalArgumentException(option + " must be 32 lowercase hex characters, not '" + value + "'");
        }
    }
}

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
 * <p>A parameter object that can grow without breaking callers (as Felix's {@code HealthCheckSelector}):
 * start from {@link #to(URI)} and change one option at a time with the {@code withX} methods; each returns
 * a new request and checks the request as a whole, so a request that exists is valid. A new option is a
 * new {@code withX} with a default, a minor version of this package.
 *
 * <p>Immutable and safe to share, except that {@link #password()} hands out the caller's array.
 */
public final class FacilitySyncRequest {

    private static final Pattern ID = Pattern.compile("[0-9a-f]{32}");

    private final URI baseUrl;
    private final Optional<String> facility;
    private final Optional<String> username;
    private final Optional<char[]> password;
    private final Optional<String> user;
    private final boolean pull;
    private final boolean push;
    private final boolean keepAlive;
    private final Optional<Path> trustedCertificate;
    private final SyncOptions options;

    private FacilitySyncRequest(URI baseUrl, Optional<String> facility, Optional<String> username,
            Optional<char[]> password, Optional<String> user, boolean pull, boolean push, boolean keepAlive,
            Optional<Path> trustedCertificate, SyncOptions options) {
        Objects.requireNonNull(baseUrl, "baseUrl");
        String scheme = baseUrl.getScheme();
        if (!"http".equals(scheme) && !"https".equals(scheme) || baseUrl.getHost() == null) {
            throw new IllegalArgumentException("--baseurl must be an http:// or https:// URL with a host, not '"
                    + baseUrl + "'");
        }
        Objects.requireNonNull(options, "options");
        facility.ifPresent(id -> requireId("--facility", id));
        user.ifPresent(id -> requireId("--user", id));
        if (user.isPresent() && facility.isEmpty()) {
            throw new IllegalArgumentException("--user needs --facility: a single-user sync names its facility");
        }
        if (!pull && !push) {
            throw new IllegalArgumentException("--no-pull and --no-push together leave nothing to sync");
        }
        this.baseUrl = baseUrl;
        this.facility = facility;
        this.username = username;
        this.password = password;
        this.user = user;
        this.pull = pull;
        this.push = push;
        this.keepAlive = keepAlive;
        this.trustedCertificate = trustedCertificate;
        this.options = options;
    }

    /** A full pull-then-push of {@code baseUrl}'s only facility, with default options. */
    public static FacilitySyncRequest to(URI baseUrl) {
        return new FacilitySyncRequest(baseUrl, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), true, true, false, Optional.empty(), SyncOptions.defaults());
    }

    /** The peer, for example {@code http://127.0.0.1:8000/}. */
    public URI baseUrl() {
        return baseUrl;
    }

    /**
     * The facility to sync, by its facility id (what Kolibri users type) or its dataset id; the peer's
     * {@code /api/public/v1/facility/} maps one to the other; empty to use the only one the peer offers.
     */
    public Optional<String> facility() {
        return facility;
    }

    /** An admin's username on the peer, for a signing request when this node has no certificate for the facility. */
    public Optional<String> username() {
        return username;
    }

    /**
     * That admin's password; empty for a learner who logs in by username alone (a single-user sync where the
     * peer's dataset allows learners to log in without a password).
     */
    public Optional<char[]> password() {
        return password;
    }

    /** A single-user sync of this user id (32 hex); empty for the full facility. */
    public Optional<String> user() {
        return user;
    }

    /** Whether to pull (Kolibri's {@code --no-pull} clears it). */
    public boolean pull() {
        return pull;
    }

    /** Whether to push (Kolibri's {@code --no-push} clears it); the pull runs first. */
    public boolean push() {
        return push;
    }

    /** Whether to leave the sync session open on the peer at the end. */
    public boolean keepAlive() {
        return keepAlive;
    }

    /** A PEM certificate to trust for an HTTPS peer with a self-signed one. */
    public Optional<Path> trustedCertificate() {
        return trustedCertificate;
    }

    /** Chunk size, overall deadline and progress of each transfer. */
    public SyncOptions options() {
        return options;
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

    /** The request without its password, for logs. */
    @Override
    public String toString() {
        return "FacilitySyncRequest[baseUrl=" + baseUrl + ", facility=" + facility + ", username=" + username
                + ", user=" + user + ", pull=" + pull + ", push=" + push + ", keepAlive=" + keepAlive
                + ", trustedCertificate=" + trustedCertificate + ", options=" + options + "]";
    }

    private static void requireId(String option, String value) {
        if (!ID.matcher(value).matches()) {
            throw new IllegalArgumentException(option + " must be 32 lowercase hex characters, not '" + value + "'");
        }
    }
}

package org.facilitysync.cli.internal;

import java.io.PrintStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.facilitysync.api.execution.SyncOptions;
import org.facilitysync.api.execution.SyncService;
import org.facilitysync.api.SyncStage;
import org.facilitysync.api.execution.TransferResult;
import org.facilitysync.api.execution.TransferSummary;
import org.facilitysync.api.facility.CertificateSummary;
import org.facilitysync.api.facility.Facility;
import org.facilitysync.api.facility.FacilityService;
import org.facilitysync.api.facility.FacilitySyncException;
import org.facilitysync.api.facility.FacilitySyncRequest;
import org.facilitysync.api.facility.FacilitySyncResult;
import org.facilitysync.api.facility.FacilitySyncService;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * The operator's sync commands ({@code sync:sync}, {@code sync:resume}, {@code sync:sessions},
 * {@code sync:cleanup}, {@code sync:facility}, {@code sync:certs}), with Kolibri's option names. Arguments
 * are parsed here rather than by Gogo so that an unknown or malformed option is one clear error, the same
 * in the shell and as a one-shot command. The services are optional and dynamic so the commands exist
 * (and say what is missing) while the core starts or restarts.
 */
@Component(service = SyncCommands.class, immediate = true, property = {
        "osgi.command.scope=sync",
        "osgi.command.function=sync",
        "osgi.command.function=resume",
        "osgi.command.function=sessions",
        "osgi.command.function=cleanup",
        "osgi.command.function=facility",
        "osgi.command.function=certs" })
public class SyncCommands {

    private static final Set<String> SYNC_VALUED = Set.of("baseurl", "facility", "chunk-size", "username", "password",
            "user", "timeout", "trust-certificate", "progress");
    private static final Set<String> SYNC_FLAGS = Set.of("no-push", "no-pull", "keep-alive", "noninteractive");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ISO_INSTANT;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile FacilitySyncService facilitySync;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile FacilityService facilities;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile SyncService syncService;

    /** {@code sync:sync --baseurl URL [--facility ID] [--username U --password P] [--user ID] ...}: pull, then push. */
    public String sync(String... args) {
        CommandOptions options = CommandOptions.parse("sync:sync", args, SYNC_VALUED, SYNC_FLAGS).atMostPositional(0);
        FacilitySyncRequest request = request("sync:sync", options);
        PrintStream out = System.out;
        ProgressLine progress = new ProgressLine(out, terminal(options));
        FacilitySyncService service = require(facilitySync, "facility sync");
        FacilitySyncResult result;
        try {
            result = service.sync(request.withOptions(request.options().withProgress(progress)));
        } finally {
            progress.finish();
        }
        return report(result, progress);
    }

    /** {@code sync:resume --id SYNC_SESSION --baseurl URL [...]}: continues a broken sync. */
    public String resume(String... args) {
        Set<String> valued = new HashSet<>(SYNC_VALUED);
        valued.add("id");
        CommandOptions options = CommandOptions.parse("sync:resume", args, valued, SYNC_FLAGS).atMostPositional(0);
        String id = options.required("id");
        if (!id.matches("[0-9a-f]{32}")) {
            throw new IllegalArgumentException("sync:resume: --id must be a sync session id (32 lowercase hex), not '"
                    + id + "'");
        }
        FacilitySyncRequest request = request("sync:resume", options);
        ProgressLine progress = new ProgressLine(System.out, terminal(options));
        FacilitySyncService service = require(facilitySync, "facility sync");
        try {
            return report(service.resume(id, request.withOptions(request.options().withProgress(progress))), progress);
        } finally {
            progress.finish();
        }
    }

    /** {@code sync:sessions}: the transfer sessions stored on this node, newest first. */
    public String sessions(String... args) {
        CommandOptions.parse("sync:sessions", args, Set.of(), Set.of()).atMostPositional(0);
        List<TransferSummary> sessions = require(syncService, "sync").sessions();
        if (sessions.isEmpty()) {
            return "no transfer sessions on this node";
        }
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "%-32s  %-32s  %-4s  %-6s  %-13s  %-9s  %-6s  %15s  %s%n",
                "sync session", "transfer session", "dir", "role", "stage", "status", "active", "records", "last activity"));
        for (TransferSummary s : sessions) {
            text.append(String.format(Locale.ROOT, "%-32s  %-32s  %-4s  %-6s  %-13s  %-9s  %-6s  %15s  %s%n",
                    s.syncSessionId(), s.transferSessionId(), s.push() ? "push" : "pull", s.server() ? "server" : "client",
                    s.stage().wireName(), s.status().name().toLowerCase(Locale.ROOT), s.active() ? "yes" : "no",
                    s.recordsTransferred() + "/" + s.recordsTotal(), TIME.format(s.lastActivity())));
            if (s.error() != null && !s.error().isEmpty()) {
                text.append("    error: ").append(s.error()).append(System.lineSeparator());
            }
        }
        return text.toString().stripTrailing();
    }

    /** {@code sync:cleanup [--expiration HOURS]}: ends transfer sessions idle that long (default 6) and drops their buffers. */
    public String cleanup(String... args) {
        CommandOptions options = CommandOptions.parse("sync:cleanup", args, Set.of("expiration"), Set.of())
                .atMostPositional(0);
        int hours = options.integer("expiration", 6, 0, 24 * 365);
        int ended = require(syncService, "sync").cleanup(Duration.ofHours(hours));
        return "ended " + ended + " transfer session" + (ended == 1 ? "" : "s") + " idle for more than " + hours + " h";
    }

    /** {@code sync:facility create NAME --admin USER --password P} or {@code sync:facility list}. */
    public String facility(String... args) {
        CommandOptions options = CommandOptions.parse("sync:facility", args, Set.of("admin", "password"), Set.of());
        List<String> words = options.positional();
        String action = words.isEmpty() ? "" : words.get(0);
        FacilityService service = require(facilities, "facility");
        switch (action) {
            case "create" -> {
                options.atMostPositional(2);
                if (words.size() < 2) {
                    throw new IllegalArgumentException("sync:facility create needs the facility's name");
                }
                Facility created = service.create(words.get(1), options.required("admin"),
                        options.required("password").toCharArray());
                return "created facility '" + created.name() + "' dataset " + created.datasetId() + " facility "
                        + created.facilityId();
            }
            case "list" -> {
                options.atMostPositional(1);
                List<Facility> all = service.facilities();
                if (all.isEmpty()) {
                    return "no facilities on this node (sync:facility create NAME --admin USER --password P makes one)";
                }
                StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "%-32s  %-32s  %8s  %s%n", "dataset",
                        "facility", "users", "name"));
                all.forEach(f -> text.append(String.format(Locale.ROOT, "%-32s  %-32s  %8d  %s%n", f.datasetId(),
                        f.facilityId(), f.users(), f.name())));
                return text.toString().stripTrailing();
            }
            default -> throw new IllegalArgumentException("sync:facility needs 'create NAME --admin USER --password P'"
                    + " or 'list'" + (action.isEmpty() ? "" : ", not '" + action + "'"));
        }
    }

    /** {@code sync:certs}: the certificates this node stores. */
    public String certs(String... args) {
        CommandOptions.parse("sync:certs", args, Set.of(), Set.of()).atMostPositional(0);
        List<CertificateSummary> all = require(facilities, "facility").certificates();
        if (all.isEmpty()) {
            return "no certificates on this node";
        }
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "%-32s  %-32s  %-13s  %-7s  %s%n", "id", "parent",
                "scope", "own key", "params"));
        all.forEach(c -> text.append(String.format(Locale.ROOT, "%-32s  %-32s  %-13s  %-7s  %s%n", c.id(),
                c.parentId().isEmpty() ? "(root)" : c.parentId(), c.scopeDefinitionId(), c.ownPrivateKey() ? "yes" : "no",
                c.scopeParams())));
        return text.toString().stripTrailing();
    }

    private static FacilitySyncRequest request(String command, CommandOptions options) {
        String base = options.required("baseurl");
        URI baseUrl;
        try {
            baseUrl = new URI(base.endsWith("/") ? base : base + "/");
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(command + ": --baseurl is not a URL: '" + base + "'");
        }
        // A learner of a dataset that lets learners log in without a password gives --username alone (--user).
        boolean learnerAlone = options.value("user").isPresent() && options.value("username").isPresent();
        if (options.value("username").isPresent() != options.value("password").isPresent() && !learnerAlone) {
            throw new IllegalArgumentException(command + ": --username and --password go together");
        }
        FacilitySyncRequest request = FacilitySyncRequest.to(baseUrl);
        if (options.value("facility").isPresent()) {
            request = request.withFacility(options.required("facility"));
        }
        if (options.value("username").isPresent()) {
            request = request.withCredentials(options.required("username"),
                    options.value("password").orElse("").toCharArray());
        }
        if (options.value("user").isPresent()) {
            request = request.withUser(options.required("user"));
        }
        if (options.value("trust-certificate").isPresent()) {
            Path pem = Path.of(options.required("trust-certificate"));
            if (!Files.isReadable(pem)) {
                throw new IllegalArgumentException(command + ": --trust-certificate " + pem + " is not a readable file");
            }
            request = request.withTrustedCertificate(pem);
        }
        int chunk = options.integer("chunk-size", SyncOptions.DEFAULT_CHUNK_SIZE, 1, 100_000);
        int timeoutMinutes = options.integer("timeout", 60, 1, 7 * 24 * 60);
        return request.withDirections(!options.flag("no-pull"), !options.flag("no-push"))
                .withKeepAlive(options.flag("keep-alive"))
                .withOptions(SyncOptions.defaults().withChunkSize(chunk).withTimeout(Duration.ofMinutes(timeoutMinutes)));
    }

    private static boolean terminal(CommandOptions options) {
        String mode = options.value("progress").orElse(System.getProperty("facilitysync.progress", "plain"));
        return switch (mode) {
            case "line" -> true;
            case "plain" -> false;
            default -> throw new IllegalArgumentException("--progress is 'line' (one line rewritten in place) or"
                    + " 'plain' (a line every few seconds), not '" + mode + "'");
        };
    }

    static String report(FacilitySyncResult result, ProgressLine progress) {
        StringBuilder text = new StringBuilder();
        result.pull().ifPresent(r -> text.append(line("pull", r, progress.bytes(false))));
        result.push().ifPresent(r -> text.append(line("push", r, progress.bytes(true))));
        text.append("sync session ").append(result.syncSessionId()).append(" (dataset ").append(result.datasetId())
                .append(")");
        if (!result.completed()) {
            String failure = result.pull().flatMap(TransferResult::failure)
                    .or(() -> result.push().flatMap(TransferResult::failure)).orElse("a transfer did not complete");
            // A sync refused because another one runs names that one's sync:resume; its own would mislead.
            throw new FacilitySyncException(failure.contains("sync:resume --id") ? failure
                    : failure + " (resume with: sync:resume --id " + result.syncSessionId() + ")");
        }
        return text.toString();
    }

    private static String line(String direction, TransferResult r, long bytes) {
        double seconds = r.elapsed().toNanos() / 1e9;
        StringBuilder stages = new StringBuilder();
        for (SyncStage stage : SyncStage.values()) {
            Duration time = r.stageTimes().get(stage);
            if (time != null) {
                stages.append(stages.length() == 0 ? "" : ", ").append(stage.wireName())
                        .append(String.format(Locale.ROOT, " %.2f", time.toNanos() / 1e9));
            }
        }
        String unknown = r.unknownModels().isEmpty() ? "" : String.format(Locale.ROOT,
                "; %,d records of models this node does not know %s, kept in the Store and passed on",
                r.unknownModelRecords(), r.unknownModels());
        return String.format(Locale.ROOT, "%s %s: %,d records in %.2f s (%,.0f records/s), %,d bytes on the wire;"
                + " seconds per stage: %s%s%n", direction, r.status().name().toLowerCase(Locale.ROOT),
                r.recordsTransferred(), seconds, seconds > 0 ? r.recordsTransferred() / seconds : 0.0, bytes, stages,
                unknown);
    }

    private static <T> T require(T service, String what) {
        if (service == null) {
            throw new IllegalStateException("the " + what + " service is not available: is the bundle org.facilitysync.core"
                    + " active? (lb shows it)");
        }
        return service;
    }
}

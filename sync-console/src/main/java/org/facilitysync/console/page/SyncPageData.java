package org.facilitysync.console.page;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.facilitysync.api.execution.PipelineEntry;
import org.facilitysync.api.execution.SyncPipeline;
import org.facilitysync.api.SyncStage;
import org.facilitysync.api.facility.CertificateSummary;
import org.facilitysync.api.facility.Facility;
import org.facilitysync.api.facility.FacilityService;
import org.facilitysync.api.monitor.ActivityQuery;
import org.facilitysync.api.monitor.BackgroundJob;
import org.facilitysync.api.monitor.Outcome;
import org.facilitysync.api.monitor.PeerActivity;
import org.facilitysync.api.monitor.SyncMonitor;
import org.facilitysync.api.monitor.TransferActivity;

/**
 * Everything the page shows, as plain maps and lists for the JSON writer: read fresh on every poll from
 * the monitor (the database), the pipeline, the facility service and the framework's bundles.
 */
final class SyncPageData {

    private final SyncMonitor monitor;
    private final SyncPipeline pipeline;
    private final FacilityService facilities;
    private final PluginBundles bundles;
    private final Duration chartWindow;

    SyncPageData(SyncMonitor monitor, SyncPipeline pipeline, FacilityService facilities, PluginBundles bundles,
            Duration chartWindow) {
        this.monitor = monitor;
        this.pipeline = pipeline;
        this.facilities = facilities;
        this.bundles = bundles;
        this.chartWindow = chartWindow;
    }

    Map<String, Object> read() {
        Instant now = Instant.now();
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("now", now.toString());
        page.put("facilities", facilities.facilities().stream().map(SyncPageData::facility).toList());
        page.put("inFlight", monitor.transfers(ActivityQuery.recent().withInFlightOnly()).stream()
                .map(transfer -> inFlight(transfer, now)).toList());
        page.put("peers", monitor.peers(ActivityQuery.recent()).stream().map(SyncPageData::peer).toList());
        page.put("failures", monitor.transfers(ActivityQuery.recent().withFailedOnly().withLimit(20)).stream()
                .map(SyncPageData::failure).toList());
        page.put("jobs", monitor.backgroundJobs(ActivityQuery.recent().withLimit(50)).stream().map(SyncPageData::job).toList());
        page.put("history", history(now));
        page.put("pipeline", pipeline());
        page.put("bundles", bundles.list());
        page.put("certificates", facilities.certificates().stream().map(SyncPageData::certificate).toList());
        return page;
    }

    private static Map<String, Object> facility(Facility facility) {
        return Map.of("name", facility.name(), "datasetId", facility.datasetId(), "facilityId", facility.facilityId(),
                "users", facility.users());
    }

    private static Map<String, Object> transfer(TransferActivity transfer) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", transfer.transferSessionId());
        row.put("syncSession", transfer.syncSessionId());
        row.put("peer", transfer.peer());
        row.put("direction", transfer.direction());
        row.put("role", transfer.role());
        row.put("stage", transfer.stage().wireName());
        row.put("status", transfer.status().wireName());
        row.put("recordsTotal", transfer.recordsTotal());
        row.put("records", transfer.recordsTransferred());
        row.put("bytes", transfer.bytesSent() + transfer.bytesReceived());
        row.put("started", transfer.started().toString());
        row.put("lastActivity", transfer.lastActivity().toString());
        row.put("durationMillis", transfer.duration().toMillis());
        row.put("outcome", transfer.outcome().name().toLowerCase());
        return row;
    }

    private static Map<String, Object> inFlight(TransferActivity transfer, Instant now) {
        Map<String, Object> row = transfer(transfer);
        double seconds = Math.max(0.001, Duration.between(transfer.started(), now).toMillis() / 1000.0);
        double rate = transfer.recordsTransferred() / seconds;
        row.put("rate", rate);
        long left = transfer.recordsTotal() - transfer.recordsTransferred();
        row.put("etaSeconds", rate > 0 && transfer.recordsTotal() > 0 ? Math.round(left / rate) : -1);
        row.put("stageIndex", transfer.stage().ordinal());
        return row;
    }

    private static Map<String, Object> peer(PeerActivity peer) {
        Map<String, Object> row = transfer(peer.latest());
        row.put("transfers", peer.transfers());
        return row;
    }

    private static Map<String, Object> failure(TransferActivity transfer) {
        Map<String, Object> row = transfer(transfer);
        row.put("error", transfer.error() == null ? "" : transfer.error());
        // Only the client of a sync resumes it; a server waits for its client to come back.
        row.put("resume", transfer.server() || !transfer.active() ? ""
                : "sync:resume --id " + transfer.syncSessionId() + " --baseurl " + transfer.peer());
        return row;
    }

    private static Map<String, Object> job(BackgroundJob job) {
        return Map.of("transfer", job.transferSessionId(), "stage", job.stage().wireName(), "state", job.state(),
                "since", job.since().toString(), "error", job.error());
    }

    /** Records per second of each completed transfer of the chart's window, oldest first. */
    private List<Map<String, Object>> history(Instant now) {
        List<Map<String, Object>> points = new ArrayList<>();
        for (TransferActivity transfer : monitor.transfers(ActivityQuery.recent().withSince(now.minus(chartWindow))
                .withLimit(500))) {
            if (transfer.outcome() == Outcome.COMPLETED && transfer.recordsTransferred() > 0) {
                double seconds = Math.max(0.001, transfer.duration().toMillis() / 1000.0);
                points.add(0, Map.of("at", transfer.lastActivity().toString(), "records", transfer.recordsTransferred(),
                        "rate", transfer.recordsTransferred() / seconds, "direction", transfer.direction(),
                        "peer", transfer.peer()));
            }
        }
        return points;
    }

    private Map<String, Object> pipeline() {
        List<Map<String, Object>> stages = new ArrayList<>();
        for (SyncStage stage : SyncStage.values()) {
            stages.add(Map.of("stage", stage.wireName(),
                    "operations", pipeline.operations(stage).stream().map(this::entry).toList()));
        }
        return Map.of("stages", stages, "hooks", pipeline.hooks().stream().map(this::entry).toList());
    }

    private Map<String, Object> entry(PipelineEntry entry) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("serviceId", entry.serviceId());
        row.put("priority", entry.priority());
        row.put("className", entry.className());
        row.put("bundle", entry.bundleSymbolicName());
        row.put("bundleId", bundles.idOf(entry.bundleSymbolicName(), entry.bundleVersion()));
        return row;
    }

    private static Map<String, Object> certificate(CertificateSummary certificate) {
        return Map.of("id", certificate.id(), "parentId", certificate.parentId(), "profile", certificate.profile(),
                "scope", certificate.scopeDefinitionId(), "params", certificate.scopeParams(),
                "privateKey", certificate.ownPrivateKey());
    }
}

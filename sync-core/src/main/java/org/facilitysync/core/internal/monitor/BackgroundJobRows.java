package org.facilitysync.core.internal.monitor;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.facilitysync.api.SyncStage;
import org.facilitysync.api.monitor.ActivityQuery;
import org.facilitysync.api.monitor.BackgroundJob;
import org.facilitysync.core.internal.storage.Dialect;
import org.facilitysync.core.internal.storage.Transaction;

/**
 * Background jobs as sync extras records them: one session attribute per (transfer session, stage), key
 * {@value #KEY_PREFIX}{@code <transfer session>:<stage>}, value {@code STATE|startedAt|reported|error}.
 * The format is owned by the extras bundle ({@code JobRecord}); this reader only lists what it wrote and
 * skips a value it does not understand.
 */
final class BackgroundJobRows {

    static final String KEY_PREFIX = "org.facilitysync.extras.job:";

    private BackgroundJobRows() {
    }

    static List<BackgroundJob> jobs(Transaction tx, ActivityQuery query) throws SQLException {
        List<BackgroundJob> jobs = new ArrayList<>();
        try (PreparedStatement select = tx.prepare("SELECT key, value FROM fs_session_attribute WHERE "
                + tx.dialect().startsWith("key"))) {
            select.setString(1, Dialect.likePrefixPattern(KEY_PREFIX));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    parse(rows.getString(1), rows.getString(2))
                            .filter(job -> !query.inFlightOnly() || job.inProgress())
                            .filter(job -> !query.failedOnly() || job.failed())
                            .filter(job -> query.transferSessionId() == null
                                    || job.transferSessionId().equals(query.transferSessionId()))
                            .filter(job -> query.since() == null || !job.since().isBefore(query.since()))
                            .ifPresent(jobs::add);
                }
            }
        }
        jobs.sort(Comparator.comparing(BackgroundJob::since).reversed());
        return jobs.size() > query.limit() ? List.copyOf(jobs.subList(0, query.limit())) : jobs;
    }

    static Optional<BackgroundJob> parse(String key, String value) {
        String rest = key.substring(KEY_PREFIX.length());
        int colon = rest.lastIndexOf(':');
        String[] parts = value.split("\\|", 4);
        if (colon < 0 || parts.length != 4) {
            return Optional.empty();
        }
        try {
            return Optional.of(new BackgroundJob(rest.substring(0, colon), SyncStage.fromWireName(rest.substring(colon + 1)),
                    parts[0].toLowerCase(Locale.ROOT), Instant.parse(parts[1]), parts[3]));
        } catch (IllegalArgumentException | DateTimeParseException unknown) {
            return Optional.empty();
        }
    }
}

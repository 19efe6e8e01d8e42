package org.facilitysync.core.internal.monitor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

import org.facilitysync.api.monitor.ActivityQuery;
import org.facilitysync.api.monitor.BackgroundJob;
import org.facilitysync.api.monitor.DatabaseStatus;
import org.facilitysync.api.monitor.PeerActivity;
import org.facilitysync.api.monitor.SyncMonitor;
import org.facilitysync.api.monitor.TransferActivity;
import org.facilitysync.core.internal.storage.Database;
import org.facilitysync.core.internal.storage.MigrationCatalog;
import org.facilitysync.core.internal.storage.SchemaMigrator;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@link SyncMonitor} over the node's database: every answer is one read transaction, so it shows what
 * every process sharing the database did, and costs the sync's hot path nothing.
 */
@Component(service = SyncMonitor.class)
public final class DatabaseSyncMonitor implements SyncMonitor {

    private final Database database;
    private final int expectedSchemaVersion;

    @Activate
    public DatabaseSyncMonitor(@Reference(name = "database") Database database) {
        this.database = Objects.requireNonNull(database, "database");
        this.expectedSchemaVersion = MigrationCatalog.load(database.dialect().name()).latestVersion();
    }

    @Override
    public List<TransferActivity> transfers(ActivityQuery query) {
        return database.read(tx -> TransferActivityQuery.transfers(tx, query));
    }

    @Override
    public List<PeerActivity> peers(ActivityQuery query) {
        return database.read(tx -> TransferActivityQuery.peers(tx, query));
    }

    @Override
    public List<BackgroundJob> backgroundJobs(ActivityQuery query) {
        return database.read(tx -> BackgroundJobRows.jobs(tx, query));
    }

    @Override
    public DatabaseStatus database() {
        String description = database.toString();
        long free = freeBytes();
        try {
            int version = new SchemaMigrator(database, MigrationCatalog.load(database.dialect().name())).currentVersion();
            return new DatabaseStatus(true, description, version, expectedSchemaVersion, free, "");
        } catch (RuntimeException unreachable) {
            return new DatabaseStatus(false, description, -1, expectedSchemaVersion, free, rootMessage(unreachable));
        }
    }

    // An embedded database is a file on this machine's disk; a database server's disk is not ours to see.
    private long freeBytes() {
        if (!database.dialect().name().equals("sqlite")) {
            return -1;
        }
        try {
            Path file = Path.of(database.location()).toAbsolutePath();
            Path existing = Files.exists(file) ? file : file.getParent();
            return Files.getFileStore(existing).getUsableSpace();
        } catch (Exception unknown) {
            return -1;
        }
    }

    private static String rootMessage(Throwable failure) {
        String message = failure.getMessage();
        for (Throwable cause = failure.getCause(); cause != null; cause = cause.getCause()) {
            if (cause.getMessage() != null) {
                message = cause.getMessage();
            }
        }
        return message == null ? failure.getClass().getSimpleName() : message;
    }
}

package org.facilitysync.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.facilitysync.api.model.SyncRecord;
import org.facilitysync.api.model.SyncRecords;
import org.facilitysync.core.internal.engine.LocalNode;
import org.facilitysync.core.internal.storage.DatabaseStartup;
import org.facilitysync.core.internal.storage.SqliteDialect;
import org.facilitysync.facility.data.GeneratedRecord;
import org.facilitysync.facility.data.NewFacility;
import org.facilitysync.facility.internal.FacilityDataProfile;
import org.facilitysync.facility.models.AuthModels;
import org.facilitysync.facility.models.FacilityDataModels;
import org.sqlite.SQLiteDataSource;

/**
 * {@code bench users --users N}: a hub's user table of N users (SQLite file), then the two lookups a
 * certificate request or a login makes (the user by username, the user's roles by user id), each timed:
 * they are index searches, so their time does not grow with N.
 */
final class UsersBenchmark {

    private static final String PROFILE = FacilityDataModels.PROFILE;
    private static final int PER_TRANSACTION = 20_000;

    private UsersBenchmark() {
    }

    static void main(String[] args) throws Exception {
        int users = 1_000_000;
        Path reuse = null;
        for (int i = 0; i < args.length; i += 2) {
            if (args[i].equals("--reuse") && i + 1 < args.length) {
                reuse = Path.of(args[i + 1]);
            } else if (args[i].equals("--users") && i + 1 < args.length && args[i + 1].matches("[1-9][0-9]*")) {
                users = Integer.parseInt(args[i + 1]);
            } else {
                throw new IllegalArgumentException("usage: bench users [--users N] [--reuse FILE] (N a positive number;"
                        + " FILE the hub.sqlite of an earlier run: lookups only), got " + String.join(" ", args));
            }
        }
        if (reuse != null && !Files.isRegularFile(reuse)) {
            throw new IllegalArgumentException("--reuse " + reuse + ": no such file");
        }
        Path file = reuse != null ? reuse : Files.createTempDirectory("facilitysync-bench-users-").resolve("hub.sqlite");
        SQLiteDataSource dataSource = new SQLiteDataSource();
        dataSource.setUrl(SqliteDialect.jdbcUrl(file));
        try (LocalNode hub = new LocalNode("hub", DatabaseStartup.open(dataSource, new SqliteDialect(), file.toString(),
                DatabaseStartup.SQLITE_POOL_SIZE), PROFILE, new FacilityDataProfile())) {
            SyncRecords records = hub.records();
            if (reuse != null) {
                users = (int) records.count(PROFILE, AuthModels.FACILITY_USER) - 1;
                System.out.printf(Locale.ROOT, "bench users: %,d users in %s%n", users, file);
                lookups(records, users);
                return;
            }
            List<GeneratedRecord> first = NewFacility.records("4ac7852979071a73b693797ffa366ebc", "Bench", "admin",
                    "NOT_SPECIFIED");
            records.inTransaction(tx -> {
                first.forEach(r -> r.createIn(tx));
                return null;
            });
            Map<String, Object> template = new HashMap<>(first.get(2).values());
            template.remove(SyncRecords.SOURCE_ID); // each user a random source id of its own
            long start = System.nanoTime();
            for (int done = 0; done < users; done += PER_TRANSACTION) {
                int from = done;
                int to = Math.min(users, done + PER_TRANSACTION);
                records.inTransaction(tx -> {
                    for (int i = from; i < to; i++) {
                        Map<String, Object> values = new HashMap<>(template);
                        values.put("username", "learner" + i);
                        values.put("full_name", "Learner " + i);
                        tx.create(PROFILE, AuthModels.FACILITY_USER, values);
                    }
                    return null;
                });
            }
            System.out.printf(Locale.ROOT, "bench users: %,d users written in %.1f s (%s)%n", users,
                    (System.nanoTime() - start) / 1e9, file);
            lookups(records, users);
        }
    }

    /** The lookups of a certificate request: the user by username, then the user's roles; each timed. */
    private static void lookups(SyncRecords records, int users) {
        for (int round = 0; round < 2; round++) { // the first round reads cold pages
            for (String username : List.of("admin", "learner" + (users / 2), "learner" + (users - 1), "nobody")) {
                long lookup = System.nanoTime();
                List<SyncRecord> found = records.findBy(PROFILE, AuthModels.FACILITY_USER, "username", username);
                long userMicros = (System.nanoTime() - lookup) / 1_000;
                long roles = System.nanoTime();
                int roleCount = found.isEmpty() ? 0
                        : records.findBy(PROFILE, AuthModels.ROLE, "user_id", found.get(0).id()).size();
                long roleMicros = (System.nanoTime() - roles) / 1_000;
                System.out.printf(Locale.ROOT, "  %-16s user by username %,6d µs (%d found), roles by user id %,6d µs"
                        + " (%d)%n", username, userMicros, found.size(), roleMicros, roleCount);
            }
        }
    }
}

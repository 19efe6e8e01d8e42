package org.facilitysync.facility.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.facilitysync.api.model.SyncRecord;
import org.facilitysync.api.model.SyncRecords;
import org.facilitysync.api.model.SyncableModel;
import org.facilitysync.facility.data.FacilityDataGenerator;
import org.facilitysync.facility.data.GeneratedRecord;
import org.facilitysync.facility.data.GeneratorSpec;
import org.facilitysync.facility.data.RandomEdits;
import org.facilitysync.facility.data.RecordEdit;
import org.facilitysync.facility.data.RecordRef;
import org.facilitysync.facility.models.AuthModels;
import org.facilitysync.facility.models.FacilityDataModels;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Data commands for demos and trials ({@code facility:generate}, {@code facility:edit},
 * {@code facility:digest}): fill a facility with generated classrooms, learners and logs, make random
 * edits as an application would, and print a digest of every record so two nodes can be compared.
 * Arguments are {@code --name value} pairs, parsed here so a wrong one is a clear error.
 */
@Component(service = FacilityDataCommands.class, property = {
        "osgi.command.scope=facility",
        "osgi.command.function=generate",
        "osgi.command.function=edit",
        "osgi.command.function=digest",
        "osgi.command.function=users" })
public final class FacilityDataCommands {

    private static final int BATCH = 2_000;

    private final SyncRecords records;

    @Activate
    public FacilityDataCommands(@Reference SyncRecords records) {
        this.records = records;
    }

    /** {@code facility:generate --facility DATASET --records N [--seed S]}. */
    public String generate(String... args) throws Exception {
        Map<String, String> options = options("facility:generate", args, "facility", "records", "seed");
        String datasetId = required("facility:generate", options, "facility");
        long count = number("facility:generate", options, "records", 1, 100_000_000, -1);
        long seed = number("facility:generate", options, "seed", Long.MIN_VALUE, Long.MAX_VALUE, 1);
        String facilityId = facilityOf(datasetId);
        FacilityDataGenerator generator = new FacilityDataGenerator(GeneratorSpec.ofRecords(count), seed)
                .intoFacility(datasetId, facilityId);
        long began = System.nanoTime();
        long created = 0;
        Iterator<GeneratedRecord> walk = generator.iterator();
        while (walk.hasNext()) {
            List<GeneratedRecord> batch = new ArrayList<>(BATCH);
            while (walk.hasNext() && batch.size() < BATCH) {
                batch.add(walk.next());
            }
            records.inTransaction(tx -> {
                for (GeneratedRecord record : batch) {
                    record.createIn(tx);
                }
                return null;
            });
            created += batch.size();
        }
        double seconds = (System.nanoTime() - began) / 1e9;
        return String.format(Locale.ROOT, "generated %,d records into facility %s in %.1f s", created, datasetId,
                seconds);
    }

    /** {@code facility:edit --seed S [--share FRACTION]}: updates that share of the records, deletes a fifth as many. */
    public String edit(String... args) throws Exception {
        Map<String, String> options = options("facility:edit", args, "seed", "share");
        long seed = number("facility:edit", options, "seed", Long.MIN_VALUE, Long.MAX_VALUE, -1);
        double share;
        try {
            share = Double.parseDouble(options.getOrDefault("share", "0.05"));
        } catch (NumberFormatException e) {
            share = -1;
        }
        if (!(share >= 0 && share <= 1)) {
            throw new IllegalArgumentException("facility:edit: --share must be a fraction from 0 to 1, not '"
                    + options.get("share") + "'");
        }
        RandomEdits edits = new RandomEdits(seed, share, share / 5);
        List<RecordEdit> chosen = new ArrayList<>();
        for (SyncableModel model : FacilityDataModels.all()) {
            records.forEach(FacilityDataModels.PROFILE, model.name(),
                    r -> edits.editFor(new RecordRef(r.model(), r.id())).ifPresent(chosen::add));
        }
        int updated = 0;
        int deleted = 0;
        for (int from = 0; from < chosen.size(); from += BATCH) {
            List<RecordEdit> batch = chosen.subList(from, Math.min(chosen.size(), from + BATCH));
            records.inTransaction(tx -> {
                for (RecordEdit edit : batch) {
                    edit.applyTo(tx);
                }
                return null;
            });
            for (RecordEdit edit : batch) {
                if (edit instanceof RecordEdit.Delete) {
                    deleted++;
                } else {
                    updated++;
                }
            }
        }
        return String.format(Locale.ROOT, "updated %,d and deleted %,d records", updated, deleted);
    }

    /** {@code facility:digest}: records per model and one digest of all of them, independent of order. */
    public String digest(String... args) throws Exception {
        options("facility:digest", args);
        long total = 0;
        long[] sum = new long[4];
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        for (SyncableModel model : FacilityDataModels.all()) {
            long[] count = {0};
            records.forEach(FacilityDataModels.PROFILE, model.name(), r -> {
                byte[] hash = sha.digest(canonical(r).getBytes(StandardCharsets.UTF_8));
                for (int i = 0; i < 4; i++) {
                    long part = 0;
                    for (int b = 0; b < 8; b++) {
                        part = (part << 8) | (hash[i * 8 + b] & 0xff);
                    }
                    sum[i] += part;
                }
                count[0]++;
            });
            total += count[0];
        }
        StringBuilder hex = new StringBuilder();
        for (long part : sum) {
            hex.append(String.format(Locale.ROOT, "%016x", part));
        }
        return String.format(Locale.ROOT, "%d records, digest %s", total, hex);
    }

    /** {@code facility:users [--limit N]}: users this node holds, "id username", by username. */
    public String users(String... args) {
        Map<String, String> options = options("facility:users", args, "limit");
        long limit = number("facility:users", options, "limit", 1, Long.MAX_VALUE, 100);
        TreeMap<String, String> byName = new TreeMap<>();
        records.forEach(FacilityDataModels.PROFILE, AuthModels.FACILITY_USER,
                u -> byName.put(u.values().get("username") + " " + u.id(), u.id() + " " + u.values().get("username")));
        StringBuilder text = new StringBuilder();
        byName.values().stream().limit(limit).forEach(line -> text.append(line).append('\n'));
        return text.length() == 0 ? "no users on this node" : text.toString().stripTrailing();
    }

    private static String canonical(SyncRecord record) {
        return record.model() + "|" + record.id() + "|" + new TreeMap<>(record.values());
    }

    private String facilityOf(String datasetId) {
        String[] found = {null};
        records.forEach(FacilityDataModels.PROFILE, AuthModels.FACILITY, f -> {
            if (datasetId.equals(f.values().get("dataset_id"))) {
                found[0] = f.id();
            }
        });
        if (found[0] == null) {
            throw new IllegalArgumentException("facility:generate: no facility of dataset " + datasetId
                    + " on this node (sync:facility list shows them)");
        }
        return found[0];
    }

    private static Map<String, String> options(String command, String[] args, String... known) {
        Map<String, String> values = new TreeMap<>();
        List<String> names = List.of(known);
        for (int i = 0; i < (args == null ? 0 : args.length); i++) {
            String arg = String.valueOf(args[i]);
            String name = arg.startsWith("--") ? arg.substring(2) : null;
            if (name == null || !names.contains(name)) {
                throw new IllegalArgumentException(command + ": unexpected argument '" + arg + "'"
                        + (names.isEmpty() ? "" : " (options: --" + String.join(", --", names) + ")"));
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(command + ": --" + name + " needs a value");
            }
            values.put(name, String.valueOf(args[++i]));
        }
        return values;
    }

    private static String required(String command, Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null) {
            throw new IllegalArgumentException(command + " needs --" + name);
        }
        return value;
    }

    /** @param absent the value when the option is missing; -1 makes it required */
    private static long number(String command, Map<String, String> options, String name, long min, long max,
            long absent) {
        String text = options.get(name);
        if (text == null) {
            if (absent == -1) {
                throw new IllegalArgumentException(command + " needs --" + name);
            }
            return absent;
        }
        try {
            long value = Long.parseLong(text.trim());
            if (value < min || value > max) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(command + ": --" + name + " must be a whole number from " + min + " to "
                    + max + ", not '" + text + "'");
        }
    }

}

package org.facilitysync.core.internal.identity;

import org.facilitysync.api.model.MorangoIds;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How Morango derives the id of an instance (one database on one machine): {@code
 * sha2_uuid(database_id, system_id, node_id)}.
 *
 * <p>{@code system_id} and {@code node_id} are {@link SaltedHash salted hashes}. Each has an
 * override (the environment variables {@code MORANGO_SYSTEM_ID} / {@code MORANGO_NODE_ID}) that
 * wins when it has at least 3 characters after stripping white space; the hash is taken of the
 * value as given, not of the stripped one. Without the override Morango uses the OS machine id and
 * a MAC address ({@code "aa:bb:cc:dd:ee:ff"}); finding those is platform work left to the caller,
 * which hands the raw value to {@link #hashedIdentifier(String, String)}.
 */
public final class InstanceIdDerivation {

    /** The environment variable that overrides the machine id. */
    public static final String SYSTEM_ID_VARIABLE = "MORANGO_SYSTEM_ID";
    /** The environment variable that overrides the MAC address. */
    public static final String NODE_ID_VARIABLE = "MORANGO_NODE_ID";

    private InstanceIdDerivation() {
    }

    /** The instance id of a database on a machine. */
    public static String instanceId(String databaseId, String systemId, String nodeId) {
        Objects.requireNonNull(databaseId, "databaseId");
        Objects.requireNonNull(systemId, "systemId");
        Objects.requireNonNull(nodeId, "nodeId");
        return MorangoIds.sha2Uuid(databaseId, systemId, nodeId);
    }

    /**
     * The hashed {@code system_id} or {@code node_id}: the override when it is usable, else the
     * platform value, else {@code ""}.
     *
     * @param override the environment variable's value, or null when unset
     * @param platformValue the machine id or MAC address, or null when none was found
     */
    public static String hashedIdentifier(String override, String platformValue) {
        if (isUsableOverride(override)) {
            return SaltedHash.of(override);
        }
        return platformValue == null ? "" : SaltedHash.of(platformValue);
    }

    /** Whether an override value is used: set and at least 3 characters after stripping. */
    public static boolean isUsableOverride(String override) {
        return override != null && override.strip().length() >= 3;
    }

    /**
     * The instance id of Morango 0.4, which Morango still reuses when a matching legacy instance
     * row is current: {@code sha2_uuid} of ONE argument, the non-empty ones of platform, hostname,
     * sysversion, node_id, database_id, db_path joined with {@code ":"}.
     */
    public static String legacyInstanceId(String platform, String hostname, String sysversion,
                                          String nodeId, String databaseId, String dbPath) {
        List<String> parts = new ArrayList<>();
        for (String value : new String[] {platform, hostname, sysversion, nodeId, databaseId, dbPath}) {
            if (value != null && !value.isEmpty()) {
                parts.add(value);
            }
        }
        return MorangoIds.sha2Uuid(String.join(":", parts));
    }

    /** The override value of {@code variable} from the process environment, if usable. */
    public static Optional<String> usableOverrideFromEnvironment(String variable) {
        String value = System.getenv(variable);
        return isUsableOverride(value) ? Optional.of(value) : Optional.empty();
    }
}

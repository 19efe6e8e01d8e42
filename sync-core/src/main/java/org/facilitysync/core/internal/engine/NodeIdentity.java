package org.facilitysync.core.internal.engine;

import java.io.IOException;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Optional;

import org.facilitysync.core.internal.identity.InstanceIdDerivation;
import org.facilitysync.core.internal.storage.Database;
import org.facilitysync.core.internal.storage.InstanceIdStore;
import org.facilitysync.core.internal.storage.InstanceIdStore.Instance;
import org.facilitysync.core.internal.storage.InstanceIdStore.InstanceDescription;

/**
 * Makes this node's instance current in its database, with Morango's instance id: a hash of the
 * database id, the machine's id and the first network card's address (each overridable with
 * {@code MORANGO_SYSTEM_ID} / {@code MORANGO_NODE_ID}). Two databases on one machine therefore are two
 * instances, and a copied database gets a new database id, hence a new instance, when re-generated.
 */
public final class NodeIdentity {

    private NodeIdentity() {
    }

    /** Activates this node's instance in {@code database} and returns it. */
    public static Instance activate(Database database) {
        InstanceIdStore instances = new InstanceIdStore(database);
        String databaseId = instances.currentOrNewDatabaseId().id();
        String systemId = InstanceIdDerivation.hashedIdentifier(
                System.getenv(InstanceIdDerivation.SYSTEM_ID_VARIABLE), machineId().orElse(null));
        String nodeId = InstanceIdDerivation.hashedIdentifier(
                System.getenv(InstanceIdDerivation.NODE_ID_VARIABLE), firstHardwareAddress().orElse(null));
        String id = InstanceIdDerivation.instanceId(databaseId, systemId, nodeId);
        return instances.activate(new InstanceDescription(id, System.getProperty("os.name", ""),
                hostname(), System.getProperty("java.version", ""), nodeId, database.location(), systemId));
    }

    private static Optional<String> machineId() {
        try {
            Path file = Path.of("/etc/machine-id");
            return Files.isReadable(file) ? Optional.of(Files.readString(file).strip()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> firstHardwareAddress() {
        try {
            for (NetworkInterface card : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                byte[] address = card.isLoopback() ? null : card.getHardwareAddress();
                if (address != null && address.length > 0) {
                    return Optional.of(HexFormat.of().formatHex(address));
                }
            }
        } catch (SocketException e) {
            // no readable interfaces: the node id falls back to the empty identifier
        }
        return Optional.empty();
    }

    private static String hostname() {
        String name = System.getenv("HOSTNAME");
        return name == null ? "" : name;
    }
}

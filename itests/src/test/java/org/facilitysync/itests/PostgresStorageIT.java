package org.facilitysync.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Properties;

import javax.inject.Inject;
import javax.sql.DataSource;

import org.facilitysync.api.execution.SyncService;
import org.facilitysync.api.model.SyncRecords;
import org.facilitysync.facility.data.FacilityDataGenerator;
import org.facilitysync.facility.data.GeneratorSpec;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.jdbc.DataSourceFactory;

/**
 * PostgreSQL chosen the way an operator chooses it: configuration {@code org.facilitysync.storage} with
 * type, URL, user and the private {@code .postgresql.password}, written through ConfigAdmin into a
 * running container whose storage started on its default SQLite. The storage must move to the throwaway
 * PostgreSQL server the driver started, with its schema, the records service must write there, and the
 * password must not appear in any service's properties.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PostgresStorageIT {

    private static final String PROFILE = "facilitydata";
    private static final String STORAGE_PID = "org.facilitysync.storage";
    private static final String POSTGRESQL_DATABASE = "(&(objectClass=org.facilitysync.core.internal.storage.Database)"
            + "(storage.type=postgresql))";
    private static final long WAIT_MS = 30_000;

    @Inject
    private BundleContext context;

    @Inject
    private ConfigurationAdmin configurationAdmin;

    @Configuration
    public Option[] config() throws IOException {
        Path target = Files.createDirectories(Path.of("target"));
        File home = Files.createTempDirectory(target, "postgres-storage-it-").toFile();
        return options(ThrowawayPostgres.newDatabase(PostgresStorageIT.class), ContainerOptions.core(),
                ContainerOptions.nodeHome(home), ContainerOptions.sqlite(), ContainerOptions.fileBundle("bundle.postgresql"),
                ContainerOptions.fileBundle("bundle.facility-profile"));
    }


    @Test
    public void theStorageMovesToPostgresqlAndTheEngineWritesThere() throws Exception {
        String url = required(ThrowawayPostgres.URL);
        String user = required(ThrowawayPostgres.USER);
        String password = required(ThrowawayPostgres.PASSWORD);

        Dictionary<String, Object> storage = new Hashtable<>();
        storage.put("type", "postgresql");
        storage.put("postgresql.url", url);
        storage.put("postgresql.user", user);
        storage.put(".postgresql.password", password);
        storage.put("postgresql.pool.size", 4);
        configurationAdmin.getConfiguration(STORAGE_PID, "?").update(storage);

        ServiceReference<?> database = await(POSTGRESQL_DATABASE);
        assertEquals(url, database.getProperty("storage.location"));

        // The records service restarts on the new database; write through the one registered after it.
        FacilityDataGenerator facility = new FacilityDataGenerator(GeneratorSpec.ofRecords(60), 5);
        SyncRecords records = newest(SyncRecords.class, database);
        writeWhenModelsAreKnown(records, facility);
        assertEquals(1, records.count(PROFILE, "facilitydataset"));
        assertTrue(newest(SyncService.class, database).sessions().isEmpty());

        // They are in PostgreSQL: read back with the driver's own DataSourceFactory, outside the engine.
        try (Connection connection = postgres(url, user, password).getConnection()) {
            assertEquals("the dataset row", 1, count(connection,
                    "SELECT COUNT(*) FROM app_facilitydata_facilitydataset WHERE id = ?", facility.datasetId()));
            assertEquals("every generated record", facility.recordCount(), countAppRows(connection));
            assertTrue("the schema was migrated", count(connection, "SELECT COUNT(*) FROM information_schema.tables"
                    + " WHERE table_name = 'morango_store' AND table_schema = current_schema()", null) == 1);
        }

        // The password is no service's property (ConfigAdmin keeps the private key; DS never publishes it).
        for (ServiceReference<?> reference : context.getAllServiceReferences(null, null)) {
            for (String key : reference.getPropertyKeys()) {
                Object value = reference.getProperty(key);
                assertFalse("service " + reference + " publishes the password under " + key,
                        String.valueOf(value).contains(password) || key.contains("password"));
            }
        }
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        assertNotNull("the driver passes " + property, value);
        return value;
    }

    private ServiceReference<?> await(String filter) throws InterruptedException, InvalidSyntaxException {
        long deadline = System.currentTimeMillis() + WAIT_MS;
        while (System.currentTimeMillis() < deadline) {
            ServiceReference<?>[] found = context.getAllServiceReferences(null, filter);
            if (found != null && found.length > 0) {
                return found[0];
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no service " + filter + " within " + WAIT_MS + " ms: the storage did not move to"
                + " PostgreSQL (see the container's log)");
    }

    /** The service of {@code type} registered after {@code database}: the one bound to it. */
    private <T> T newest(Class<T> type, ServiceReference<?> database) throws InterruptedException {
        long databaseId = (Long) database.getProperty("service.id");
        long deadline = System.currentTimeMillis() + WAIT_MS;
        while (System.currentTimeMillis() < deadline) {
            ServiceReference<T> reference = context.getServiceReference(type);
            if (reference != null && (Long) reference.getProperty("service.id") > databaseId) {
                T service = context.getService(reference);
                if (service != null) {
                    return service;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no " + type.getSimpleName() + " registered after the PostgreSQL storage within "
                + WAIT_MS + " ms");
    }

    private static void writeWhenModelsAreKnown(SyncRecords records, FacilityDataGenerator facility)
            throws InterruptedException {
        long deadline = System.currentTimeMillis() + WAIT_MS;
        while (true) {
            try {
                records.count(PROFILE, "facilitydataset");
                break;
            } catch (IllegalArgumentException unknownYet) {
                if (System.currentTimeMillis() > deadline) {
                    throw unknownYet;
                }
                Thread.sleep(50);
            }
        }
        facility.records().forEach(record -> record.createIn(records));
    }

    private DataSource postgres(String url, String user, String password) throws Exception {
        ServiceReference<?>[] factories = context.getAllServiceReferences(DataSourceFactory.class.getName(),
                "(" + DataSourceFactory.OSGI_JDBC_DRIVER_CLASS + "=org.postgresql.Driver)");
        assertNotNull("the PostgreSQL driver registers its DataSourceFactory", factories);
        DataSourceFactory factory = (DataSourceFactory) context.getService(factories[0]);
        Properties properties = new Properties();
        properties.setProperty(DataSourceFactory.JDBC_URL, url);
        properties.setProperty(DataSourceFactory.JDBC_USER, user);
        properties.setProperty(DataSourceFactory.JDBC_PASSWORD, password);
        return factory.createDataSource(properties);
    }

    /** Rows of every app table of the profile. */
    private static long countAppRows(Connection connection) throws SQLException {
        long total = 0;
        try (PreparedStatement tables = connection.prepareStatement("SELECT table_name FROM information_schema.tables"
                + " WHERE table_schema = current_schema() AND table_name LIKE 'app\\_facilitydata\\_%'");
                ResultSet names = tables.executeQuery()) {
            while (names.next()) {
                total += count(connection, "SELECT COUNT(*) FROM " + names.getString(1), null);
            }
        }
        return total;
    }

    private static long count(Connection connection, String sql, String parameter) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(sql)) {
            if (parameter != null) {
                query.setString(1, parameter);
            }
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }
}

package org.facilitysync.core.internal.storage;

import java.io.File;
import java.net.URI;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.sql.DataSource;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.jdbc.DataSourceFactory;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OSGi face of the storage: reads configuration {@value StorageSettings#PID}, waits for the JDBC
 * driver's {@link DataSourceFactory}, opens and migrates the database, and registers it as a
 * {@link Database} service for the engine.
 *
 * <p>The service is registered by hand rather than declared, because it must not exist while the
 * configuration is wrong, the driver is missing or the schema is refused: each of those is logged once
 * with what to do, and no {@link Database} is registered. A storage that cannot start (wrong
 * configuration, a damaged file, a refused schema) also registers a marker service carrying the one-line
 * reason ({@value #STARTUP_FAILURE}), so that the node stops at once instead of waiting for services
 * that will never come; a missing driver may still arrive and is only waited for. Everything past obtaining a {@link DataSource} is plain
 * Java ({@link DatabaseStartup}), which the tests drive directly.
 */
@Component(configurationPid = StorageSettings.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL,
        immediate = true, service = {})
@Designate(ocd = StorageConfiguration.class)
public final class StorageComponent {

    /** The framework property naming the node's home folder. */
    public static final String HOME_PROPERTY = "facilitysync.home";
    /** Service properties of the registered {@link Database}. */
    public static final String SERVICE_TYPE = "storage.type";
    public static final String SERVICE_LOCATION = "storage.location";

    /**
     * The service property of a start-up failure: one line naming the cause and the file or setting
     * (the launcher's {@code Node.STARTUP_FAILURE}).
     */
    public static final String STARTUP_FAILURE = "facilitysync.startup.failure";

    private static final Logger LOG = LoggerFactory.getLogger(StorageComponent.class);

    private final Map<DataSourceFactory, String> factories = new LinkedHashMap<>();
    private BundleContext context;
    private StorageSettings settings;
    private Open open;
    private DataSourceFactory failedWith;
    private boolean waitingLogged;
    private ServiceRegistration<?> failure;

    @Reference(service = DataSourceFactory.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, unbind = "unbindDataSourceFactory")
    synchronized void bindDataSourceFactory(DataSourceFactory factory, Map<String, Object> properties) {
        factories.put(factory, String.valueOf(properties.get(DataSourceFactory.OSGI_JDBC_DRIVER_CLASS)));
        openIfReady();
    }

    synchronized void unbindDataSourceFactory(DataSourceFactory factory) {
        factories.remove(factory);
        if (factory == failedWith) {
            failedWith = null;
        }
        if (open != null && open.factory == factory) {
            LOG.info("The JDBC driver of {} went away; closing the storage", open.database);
            close();
            openIfReady();
        }
    }

    @Activate
    synchronized void activate(BundleContext bundleContext, StorageConfiguration config, FileInstallSource source) {
        this.context = bundleContext;
        try {
            settings = StorageSettings.from(config, home(bundleContext));
        } catch (InvalidStorageConfigurationException e) {
            fail(inFile(source.felix_fileinstall_filename(), e.getMessage()));
            return;
        }
        openIfReady();
    }

    @Deactivate
    synchronized void deactivate() {
        close();
        withdrawFailure();
        settings = null;
        context = null;
    }

    /**
     * Logs why the storage did not start and says so to the node, as a service with the property
     * {@value #STARTUP_FAILURE} (one line): the launcher ends a start with it at once instead of
     * waiting for services that will not come.
     */
    private void fail(String why) {
        LOG.error("Storage not started: {}", why);
        withdrawFailure();
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(STARTUP_FAILURE, "storage not started: " + why);
        failure = context.registerService(Object.class, new Object(), properties);
    }

    private void withdrawFailure() {
        if (failure != null) {
            try {
                failure.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the bundle is stopping
            }
            failure = null;
        }
    }

    /** The message with the configuration file FileInstall read it from, where there is one. */
    private static String inFile(String file, String message) {
        if (file.isEmpty()) {
            return message;
        }
        String shown = file;
        try {
            shown = Path.of(URI.create(shown)).toString();
        } catch (RuntimeException notAFileUrl) {
            // shown as FileInstall gave it
        }
        String prefix = "configuration " + StorageSettings.PID + ": ";
        return shown + ": " + (message.startsWith(prefix) ? message.substring(prefix.length()) : message);
    }

    private void openIfReady() {
        if (context == null || settings == null || open != null) {
            return;
        }
        DataSourceFactory factory = matchingFactory();
        if (factory == null) {
            if (!waitingLogged) {
                LOG.info("Storage ({}) waits for a JDBC DataSourceFactory service with {}={}: install {}", settings,
                        DataSourceFactory.OSGI_JDBC_DRIVER_CLASS, settings.type().driverClass(),
                        settings.type() == StorageSettings.Type.SQLITE
                                ? "the sqlite-jdbc and pax-jdbc-sqlite bundles" : "the postgresql JDBC bundle");
                waitingLogged = true;
            }
            return;
        }
        if (factory == failedWith) {
            return;
        }
        Database database;
        try {
            DataSource dataSource = factory.createDataSource(settings.dataSourceProperties());
            database = DatabaseStartup.open(dataSource, settings.dialect(), settings.location(), settings.poolSize());
        } catch (SQLException | RuntimeException e) {
            failedWith = factory;
            fail(e instanceof CorruptDatabaseException ? e.getMessage() : settings + " cannot be used: " + e.getMessage());
            LOG.debug("Storage failure detail", e);
            return;
        }
        withdrawFailure();
        Dictionary<String, Object> serviceProperties = new Hashtable<>();
        serviceProperties.put(SERVICE_TYPE, settings.type().value());
        serviceProperties.put(SERVICE_LOCATION, settings.location());
        ServiceRegistration<Database> registration = context.registerService(Database.class, database,
                serviceProperties);
        open = new Open(factory, database, registration);
        LOG.info("Storage ready: {}", settings);
    }

    private void close() {
        if (open == null) {
            return;
        }
        try {
            open.registration.unregister();
        } catch (IllegalStateException alreadyGone) {
            // The framework unregistered it while stopping the bundle.
        }
        open.database.close();
        open = null;
    }

    private DataSourceFactory matchingFactory() {
        String wanted = settings.type().driverClass();
        return factories.entrySet().stream().filter(e -> wanted.equals(e.getValue())).map(Map.Entry::getKey)
                .findFirst().orElse(null);
    }

    /** The node's home: the framework property, else this bundle's data area, else none. */
    private static Path home(BundleContext bundleContext) {
        String home = bundleContext.getProperty(HOME_PROPERTY);
        if (home != null && !home.isBlank()) {
            return Path.of(home.strip());
        }
        File dataArea = bundleContext.getDataFile("");
        return dataArea == null ? null : dataArea.toPath();
    }

    private record Open(DataSourceFactory factory, Database database, ServiceRegistration<Database> registration) {
    }
}

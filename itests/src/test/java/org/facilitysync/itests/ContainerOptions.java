package org.facilitysync.itests;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.io.File;

import org.ops4j.pax.exam.Option;

/**
 * The container every Pax Exam test starts from, in one place: Felix with SCR, ConfigAdmin, slf4j 2
 * through SPI Fly, the HTTP service on a free loopback port (sync-core's API servlet needs it), JDBC,
 * Jackson, the API and the core. Tests add what they test (a database driver, the facility profile, a
 * plugin). One list, so a bundle the core starts to need is added once for every test.
 */
final class ContainerOptions {

    private ContainerOptions() {
    }

    /** The API and the core with everything they need, without a database driver. */
    static Option core() {
        return composite(
                junitBundles(),
                systemProperty("org.slf4j.simpleLogger.defaultLogLevel").value("info"),
                systemProperty("org.slf4j.simpleLogger.logFile").value("System.out"),
                systemProperty("org.osgi.service.http.port").value("0"),
                systemProperty("org.apache.felix.http.host").value("127.0.0.1"),
                fileBundle("bundle.asm"), fileBundle("bundle.asm-tree"), fileBundle("bundle.asm-analysis"),
                fileBundle("bundle.asm-commons"), fileBundle("bundle.asm-util"), fileBundle("bundle.spifly"),
                fileBundle("bundle.slf4j-api"), fileBundle("bundle.slf4j-simple"),
                fileBundle("bundle.promise"), fileBundle("bundle.function"), fileBundle("bundle.component"),
                fileBundle("bundle.scr"), fileBundle("bundle.cm"),
                fileBundle("bundle.jdbc"), fileBundle("bundle.servlet-api"), fileBundle("bundle.http-jetty"),
                fileBundle("bundle.commons-io"), fileBundle("bundle.fileupload"),
                fileBundle("bundle.jackson-annotations"), fileBundle("bundle.jackson-core"),
                fileBundle("bundle.jackson-databind"),
                fileBundle("bundle.sync-api"), fileBundle("bundle.sync-core"));
    }

    /** SQLite through pax-jdbc, the embedded default storage. */
    static Option sqlite() {
        return composite(fileBundle("bundle.sqlite"), fileBundle("bundle.pax-jdbc-sqlite"));
    }

    /** The node's home (database, load/) in {@code home}. */
    static Option nodeHome(File home) {
        return frameworkProperty("facilitysync.home").value(home.getAbsolutePath());
    }

    /** A bundle file the build named in a system property. */
    static Option fileBundle(String property) {
        String path = System.getProperty(property);
        if (path == null || !new File(path).isFile()) {
            throw new IllegalStateException("system property " + property + " names no bundle file: " + path);
        }
        return bundle(new File(path).toURI().toString());
    }
}

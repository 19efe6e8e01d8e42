package org.facilitysync.facility.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.Manifest;

import org.junit.jupiter.api.Test;

/**
 * The bundle's wiring as bnd wrote it (process-classes runs before the tests): it needs the sync API
 * (models, facility SPI, and the pipeline SPI for its stage operation), the JDK's crypto and slf4j only, offers the generator package only, and
 * declares its components.
 */
class BundleManifestTest {

    private final Attributes manifest = read(Path.of("target/classes/META-INF/MANIFEST.MF"));

    @Test
    void importsOnlyTheApiCryptoAndLogging() {
        assertEquals("javax.crypto,javax.crypto.spec,org.facilitysync.api;version=\"[2.0,3)\","
                + "org.facilitysync.api.facility;version=\"[2.0,3)\","
                + "org.facilitysync.api.model;version=\"[1.2,2)\",org.slf4j;version=\"[2.0,3)\"",
                manifest.getValue("Import-Package"));
    }

    @Test
    void exportsOnlyTheDataPackage() {
        assertEquals("org.facilitysync.facility.data;version=\"1.0.0\";uses:=\"org.facilitysync.api.model\"",
                manifest.getValue("Export-Package"));
    }

    @Test
    void declaresTheProfileComponent() {
        assertEquals("org.facilitysync.facility", manifest.getValue("Bundle-SymbolicName"));
        assertEquals("OSGI-INF/org.facilitysync.facility.internal.FacilityCertificateAuthorizer.xml,"
                + "OSGI-INF/org.facilitysync.facility.internal.FacilityDataCommands.xml,"
                + "OSGI-INF/org.facilitysync.facility.internal.FacilityDataProfile.xml,"
                + "OSGI-INF/org.facilitysync.facility.internal.FacilityRecordsProvisioner.xml,"
                + "OSGI-INF/org.facilitysync.facility.internal.KolibriRelease.xml,"
                + "OSGI-INF/org.facilitysync.facility.internal.PublicFacilityResource.xml,"
                + "OSGI-INF/org.facilitysync.facility.internal.PublicFacilityUserResource.xml,"
                + "OSGI-INF/org.facilitysync.facility.internal.PublicInfoResource.xml,"
                + "OSGI-INF/org.facilitysync.facility.internal.SingleUserAssignmentsOperation.xml,"
                + "OSGI-INF/org.facilitysync.facility.internal.SyncQueueResource.xml",
                manifest.getValue("Service-Component"));
        assertTrue(manifest.getValue("Require-Capability").contains("osgi.extender=osgi.component"));
    }

    private static Attributes read(Path path) {
        try (InputStream in = Files.newInputStream(path)) {
            return new Manifest(in).getMainAttributes();
        } catch (IOException e) {
            throw new IllegalStateException("no bundle manifest at " + path.toAbsolutePath()
                    + "; run the tests through Maven so bnd writes it first", e);
        }
    }
}

package org.facilitysync.launcher;

import java.net.URL;
import java.net.http.HttpClient;
import java.util.Enumeration;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/**
 * The run that writes the class-data sharing archive (the script sets {@value #PROPERTY}) archives only
 * the classes it loaded and linked. So that the archive serves every command and not just the first
 * one run after a build, that run also loads and links the classes of facilitysync's own bundles and
 * the JDK's HTTP client (a sync's), without initialising any of them.
 */
final class ArchiveWarmup {

    static final String PROPERTY = "facilitysync.cds.dump";

    private ArchiveWarmup() {
    }

    static boolean wanted() {
        return Boolean.getBoolean(PROPERTY);
    }

    static void run(BundleContext context) {
        HttpClient.newHttpClient(); // the client and its TLS context, as a sync makes them
        for (Bundle bundle : context.getBundles()) {
            String name = bundle.getSymbolicName();
            if (name == null || !name.startsWith("org.facilitysync") || bundle.getState() != Bundle.ACTIVE) {
                continue;
            }
            Enumeration<URL> classes = bundle.findEntries("/", "*.class", true);
            while (classes != null && classes.hasMoreElements()) {
                String path = classes.nextElement().getPath();
                String className = path.substring(1, path.length() - ".class".length()).replace('/', '.');
                try {
                    // Reflection links the class (the archive keeps only linked ones); nothing is initialised.
                    bundle.loadClass(className).getDeclaredMethods();
                } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
                    // an optional dependency missing: that class is simply not archived
                }
            }
        }
    }
}

package org.facilitysync.console.page;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;

/**
 * The plugin bundles an operator may stop and start from the page: every bundle that imports the plugin
 * API ({@code org.facilitysync.api}), except the API itself, the core, which runs the pipeline, and this console. Stopping one
 * takes its operations and hooks out of the pipeline for the transfers that begin afterwards.
 */
final class PluginBundles {

    private static final Set<String> NOT_PLUGINS = Set.of("org.facilitysync.api", "org.facilitysync.core",
            "org.facilitysync.console");

    private final BundleContext context;

    PluginBundles(BundleContext context) {
        this.context = context;
    }

    List<Map<String, Object>> list() {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Bundle bundle : context.getBundles()) {
            if (isPlugin(bundle)) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("id", bundle.getBundleId());
                row.put("symbolicName", bundle.getSymbolicName());
                row.put("version", bundle.getVersion().toString());
                row.put("active", bundle.getState() == Bundle.ACTIVE);
                row.put("state", state(bundle));
                row.put("location", bundle.getLocation());
                rows.add(row);
            }
        }
        return rows;
    }

    long idOf(String symbolicName, String version) {
        for (Bundle bundle : context.getBundles()) {
            if (symbolicName.equals(bundle.getSymbolicName()) && bundle.getVersion().toString().equals(version)) {
                return bundle.getBundleId();
            }
        }
        return -1;
    }

    /**
     * Stops or starts plugin bundle {@code id}.
     *
     * @throws IllegalArgumentException when there is no such bundle or it is not a plugin bundle
     */
    void change(long id, boolean start) throws BundleException {
        Bundle bundle = context.getBundle(id);
        if (bundle == null || !isPlugin(bundle)) {
            throw new IllegalArgumentException("bundle " + id + " is not a plugin bundle of this node;"
                    + " only bundles that import org.facilitysync.api (other than the core and the console) can be"
                    + " stopped and started here");
        }
        if (start) {
            bundle.start();
        } else {
            bundle.stop();
        }
    }

    private static boolean isPlugin(Bundle bundle) {
        if (bundle.getSymbolicName() == null || NOT_PLUGINS.contains(bundle.getSymbolicName())) {
            return false;
        }
        String imports = bundle.getHeaders("").get(Constants.IMPORT_PACKAGE);
        if (imports == null) {
            return false;
        }
        for (String clause : imports.split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)")) {
            String name = clause.split(";", 2)[0].trim();
            if (name.equals("org.facilitysync.api")) {
                return true;
            }
        }
        return false;
    }

    private static String state(Bundle bundle) {
        switch (bundle.getState()) {
            case Bundle.ACTIVE: return "active";
            case Bundle.RESOLVED: return "stopped";
            case Bundle.INSTALLED: return "installed (not resolved)";
            case Bundle.STARTING: return "starting";
            case Bundle.STOPPING: return "stopping";
            default: return "uninstalled";
        }
    }
}

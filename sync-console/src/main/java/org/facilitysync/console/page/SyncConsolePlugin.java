package org.facilitysync.console.page;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;

import org.apache.felix.webconsole.servlet.AbstractServlet;
import org.apache.felix.webconsole.servlet.ServletConstants;
import org.facilitysync.api.execution.SyncPipeline;
import org.facilitysync.api.facility.FacilityService;
import org.facilitysync.api.monitor.SyncMonitor;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The "Sync" tab of the Felix Web Console. The page itself is static ({@code res/sync.html}, {@code .js},
 * {@code .css}); its script polls {@code sync/data.json} every second and redraws, so progress moves
 * without reloading. {@code POST sync/bundle} with {@code id} and {@code action=stop|start} stops or starts
 * a plugin bundle. The console's security provider has authenticated every request before it gets here.
 */
@Component(service = Servlet.class, configurationPid = SyncConsolePlugin.PID, property = {
        ServletConstants.PLUGIN_LABEL + "=" + SyncConsolePlugin.LABEL, ServletConstants.PLUGIN_TITLE + "=Sync",
        ServletConstants.PLUGIN_CATEGORY + "=facilitysync",
        ServletConstants.PLUGIN_CSS_REFERENCES + "=/" + SyncConsolePlugin.LABEL + "/res/sync.css"})
@Designate(ocd = SyncConsolePlugin.Config.class)
public final class SyncConsolePlugin extends AbstractServlet {

    static final String PID = "org.facilitysync.console.page";
    static final String LABEL = "sync";

    @ObjectClassDefinition(name = "facilitysync console: Sync page")
    public @interface Config {
        @AttributeDefinition(name = "Chart window (days)", description = "How far back the records/s chart looks.")
        int chart_days() default 7;
    }

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(SyncConsolePlugin.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final transient SyncMonitor monitor;
    private final transient SyncPipeline pipeline;
    private final transient FacilityService facilities;
    private final transient PluginBundles bundles;
    private transient volatile SyncPageData data;

    @Activate
    public SyncConsolePlugin(@Reference SyncMonitor monitor, @Reference SyncPipeline pipeline,
            @Reference FacilityService facilities, BundleContext context, Config config) {
        this.monitor = monitor;
        this.pipeline = pipeline;
        this.facilities = facilities;
        this.bundles = new PluginBundles(context);
        configure(config);
    }

    @Modified
    void configure(Config config) {
        data = new SyncPageData(monitor, pipeline, facilities, bundles, Duration.ofDays(Math.max(1, config.chart_days())));
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (("/" + LABEL + "/data.json").equals(request.getPathInfo())) {
            setNoCache(response);
            writeJson(response, HttpServletResponse.SC_OK, data.read());
        } else {
            spoolResource(request, response); // res/…; anything else is the page, rendered by renderContent
        }
    }

    @Override
    public void renderContent(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String root = (String) request.getAttribute(ServletConstants.ATTR_PLUGIN_ROOT);
        response.getWriter().print(readTemplateFile("/res/sync.html").replace("{pluginRoot}", root == null ? LABEL : root));
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!("/" + LABEL + "/bundle").equals(request.getPathInfo())) {
            writeJson(response, HttpServletResponse.SC_NOT_FOUND, Map.of("error", "no such action: " + request.getPathInfo()));
            return;
        }
        String id = request.getParameter("id");
        String action = request.getParameter("action");
        try {
            if (action == null || !(action.equals("start") || action.equals("stop"))) {
                throw new IllegalArgumentException("parameter 'action' must be 'start' or 'stop', got '" + action + "'");
            }
            long bundleId;
            try {
                bundleId = Long.parseLong(String.valueOf(id));
            } catch (NumberFormatException notANumber) {
                throw new IllegalArgumentException("parameter 'id' must be a bundle id, got '" + id + "'");
            }
            bundles.change(bundleId, action.equals("start"));
            LOG.info("Console: plugin bundle {} {} by {}", bundleId, action.equals("start") ? "started" : "stopped",
                    request.getRemoteUser());
            writeJson(response, HttpServletResponse.SC_OK, Map.of("id", bundleId, "action", action));
        } catch (IllegalArgumentException bad) {
            writeJson(response, HttpServletResponse.SC_BAD_REQUEST, Map.of("error", bad.getMessage()));
        } catch (BundleException failed) {
            writeJson(response, HttpServletResponse.SC_CONFLICT, Map.of("error", "bundle " + id + ": " + failed.getMessage()));
        }
    }

    private static void writeJson(HttpServletResponse response, int status, Object body) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        JSON.writeValue(response.getWriter(), body);
    }
}

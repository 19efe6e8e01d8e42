package org.facilitysync.launcher;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.felix.framework.Logger;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.framework.ServiceReference;

/**
 * The Felix framework's logger, passed as {@code felix.log.logger}. Felix's default prints to
 * stdout, which would mix "ERROR: Bundle ..." into command output; this one writes log lines to
 * stderr, and remembers each bundle's last error so the launcher can say why a bundle is not active.
 */
final class FrameworkLog extends Logger {

    private final Map<Long, String> lastErrorByBundle = new ConcurrentHashMap<>();

    FrameworkLog(int felixLevel) {
        setLogLevel(felixLevel);
    }

    /** The last error the framework logged for this bundle (for example why it did not resolve). */
    String lastError(long bundleId) {
        return lastErrorByBundle.get(bundleId);
    }

    @Override
    protected void doLog(Bundle bundle, @SuppressWarnings("rawtypes") ServiceReference sr, int level, String msg,
            Throwable throwable) {
        if (bundle != null && level == LOG_ERROR) {
            Throwable cause = throwable;
            if (cause instanceof BundleException be && be.getNestedException() != null) {
                cause = be.getNestedException();
            }
            lastErrorByBundle.put(bundle.getBundleId(),
                    cause != null && cause.getMessage() != null ? cause.getMessage() : msg);
        }
        super.doLog(bundle, sr, level, msg, throwable);
    }

    @Override
    protected void doLogOut(int level, String s, Throwable throwable) {
        LogSettings.LogLevel as = switch (level) {
            case LOG_ERROR -> LogSettings.LogLevel.ERROR;
            case LOG_WARNING -> LogSettings.LogLevel.WARN;
            case LOG_INFO -> LogSettings.LogLevel.INFO;
            default -> LogSettings.LogLevel.DEBUG;
        };
        LogSettings.log(as, "org.apache.felix.framework", s,
                LogSettings.level().shows(LogSettings.LogLevel.DEBUG) ? throwable : null);
    }
}

package org.facilitysync.launcher;

import java.io.PrintStream;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Properties;
import java.util.logging.ConsoleHandler;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;

/**
 * One log level for everything that logs in the container: slf4j-simple (our bundles, SCR), the
 * JDK logger (FileInstall, set to "jul"), the Felix framework's own logger and the launcher. All of
 * it goes to stderr, so stdout carries only command output.
 *
 * <p>slf4j-simple reads its system properties once, when the first logger is made, so they are set
 * here before the framework starts. {@code FACILITYSYNC_LOG_LEVEL} wins, then an explicit
 * {@code -Dorg.slf4j.simpleLogger.defaultLogLevel}, then the mode's default.
 */
final class LogSettings {

    static final String ENV = "FACILITYSYNC_LOG_LEVEL";
    static final String SIMPLE = "org.slf4j.simpleLogger.";
    static final String DATE_TIME = "yyyy-MM-dd HH:mm:ss.SSS";

    enum LogLevel {
        TRACE(Level.FINEST, 4), DEBUG(Level.FINE, 4), INFO(Level.INFO, 2), WARN(Level.WARNING, 2),
        ERROR(Level.SEVERE, 1), OFF(Level.OFF, 0);

        final Level jul;
        /** Felix's felix.log.level; its INFO messages are internal chatter, so INFO shows warnings. */
        final int felix;

        LogLevel(Level jul, int felix) {
            this.jul = jul;
            this.felix = felix;
        }

        String slf4jName() {
            return name().toLowerCase(Locale.ROOT);
        }

        boolean shows(LogLevel message) {
            return this != OFF && message.ordinal() >= ordinal();
        }

        static LogLevel parse(String text, String where) throws LauncherException {
            String t = text.trim().toUpperCase(Locale.ROOT);
            if (t.equals("WARNING")) {
                return WARN;
            }
            try {
                return valueOf(t);
            } catch (IllegalArgumentException e) {
                throw LauncherException.usage(where + "='" + text + "' is not a log level (trace, debug, info, warn,"
                        + " error, off)");
            }
        }
    }

    private static volatile LogLevel level = LogLevel.INFO;
    private static volatile PrintStream stderr = System.err;

    private LogSettings() {
    }

    static LogLevel choose(LogLevel modeDefault, String env, Properties system) throws LauncherException {
        if (env != null && !env.isBlank()) {
            return LogLevel.parse(env, ENV);
        }
        String explicit = system.getProperty(SIMPLE + "defaultLogLevel");
        if (explicit != null && !explicit.isBlank()) {
            return LogLevel.parse(explicit, "-D" + SIMPLE + "defaultLogLevel");
        }
        return modeDefault;
    }

    /** Applies {@code chosen} to every logging system; {@code err} is where log lines go. */
    static void apply(LogLevel chosen, PrintStream err) {
        level = chosen;
        stderr = err;
        System.setProperty(SIMPLE + "defaultLogLevel", chosen.slf4jName());
        setIfAbsent(SIMPLE + "showDateTime", "true");
        setIfAbsent(SIMPLE + "dateTimeFormat", DATE_TIME);
        setIfAbsent(SIMPLE + "logFile", "System.err");
        // The JDK logger's default is two lines per message; make it look like slf4j-simple's.
        setIfAbsent("java.util.logging.SimpleFormatter.format", "%1$tF %1$tT.%1$tL [%3$s] %4$s - %5$s%6$s%n");
        Logger root = LogManager.getLogManager().getLogger("");
        root.setLevel(chosen.jul);
        boolean hasConsole = false;
        for (Handler handler : root.getHandlers()) {
            if (handler instanceof ConsoleHandler) {
                handler.setLevel(chosen.jul);
                hasConsole = true;
            }
        }
        if (!hasConsole) {
            ConsoleHandler console = new ConsoleHandler();
            console.setLevel(chosen.jul);
            root.addHandler(console);
        }
    }

    static LogLevel level() {
        return level;
    }

    static void info(String message) {
        log(LogLevel.INFO, "org.facilitysync.launcher", message, null);
    }

    static void warn(String message) {
        log(LogLevel.WARN, "org.facilitysync.launcher", message, null);
    }

    /** Writes one line in slf4j-simple's format, if {@code message} is at or above the level. */
    static void log(LogLevel messageLevel, String logger, String message, Throwable error) {
        if (!level.shows(messageLevel)) {
            return;
        }
        String line = LocalDateTime.now().format(DateTimeFormatter.ofPattern(DATE_TIME)) + " ["
                + Thread.currentThread().getName() + "] " + messageLevel.name() + " " + logger + " - " + message;
        PrintStream err = stderr;
        synchronized (err) {
            err.println(line);
            if (error != null) {
                error.printStackTrace(err);
            }
        }
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}

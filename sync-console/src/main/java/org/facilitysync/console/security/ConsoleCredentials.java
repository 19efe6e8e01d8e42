package org.facilitysync.console.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The one operator account of the console, the health details and the metrics, checked with HTTP Basic
 * authentication.
 *
 * <p>There is no well-known default: without {@code .password} in {@code load/org.facilitysync.console.cfg},
 * a random password is generated once, kept in {@code <node home>/data/console.password} (readable by the
 * owner only) and printed once, when it is made. Only a hash of the password is held in memory.
 */
@Component(service = ConsoleCredentials.class, configurationPid = ConsoleCredentials.PID)
@Designate(ocd = ConsoleCredentials.Config.class)
public final class ConsoleCredentials {

    public static final String PID = "org.facilitysync.console";

    /** Where a generated password is kept, under the node's home. */
    static final String PASSWORD_FILE = "data/console.password";

    @ObjectClassDefinition(name = "facilitysync console: credentials",
            description = "The operator account of /system/console, the health check details and /metrics.")
    public @interface Config {

        @AttributeDefinition(name = "User name")
        String username() default "admin";

        @AttributeDefinition(name = "Password", description = "Private (the key starts with a dot). Empty: a generated"
                + " password, kept in <node home>/" + PASSWORD_FILE + ".")
        String _password() default "";

        @AttributeDefinition(name = "Public metrics", description = "Whether /metrics answers without credentials.")
        boolean metrics_public() default false;
    }

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleCredentials.class);
    private static final char[] ALPHABET = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789".toCharArray();

    private final BundleContext context;
    // Replaced whole on reconfiguration; read by request threads.
    private volatile Account account;

    private record Account(String username, byte[] passwordHash, boolean metricsPublic) {
    }

    @Activate
    public ConsoleCredentials(BundleContext context, Config config) throws IOException {
        this.context = context;
        configure(config);
    }

    @Modified
    void configure(Config config) throws IOException {
        String password = config._password().isEmpty() ? generatedPassword(config.username()) : config._password();
        account = new Account(config.username(), hash(password), config.metrics_public());
    }

    /** The user name when the request carries this account's Basic credentials, else null. */
    public String authenticate(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notBase64) {
            return null;
        }
        int colon = decoded.indexOf(':');
        Account current = account;
        if (colon < 0) {
            return null;
        }
        // Both compared in constant time, so the answer's timing says nothing about which part was wrong.
        boolean user = MessageDigest.isEqual(hash(decoded.substring(0, colon)), hash(current.username()));
        boolean password = MessageDigest.isEqual(hash(decoded.substring(colon + 1)), current.passwordHash());
        return user && password ? current.username() : null;
    }

    public boolean metricsPublic() {
        return account.metricsPublic();
    }

    /** Answers 401, asking for Basic credentials. */
    public void challenge(HttpServletResponse response) {
        try {
            response.setHeader("WWW-Authenticate", "Basic realm=\"facilitysync console\", charset=\"UTF-8\"");
            response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
            response.setContentType("text/plain;charset=UTF-8");
            response.getWriter().println("401: credentials needed (README: \"Console, health checks and metrics\")");
            response.flushBuffer();
        } catch (IOException gone) {
            // the client went away; nothing to tell it
        }
    }

    private String generatedPassword(String username) throws IOException {
        String home = context.getProperty("facilitysync.home");
        Path file = Path.of(home == null ? "." : home).resolve(PASSWORD_FILE).toAbsolutePath();
        if (Files.isRegularFile(file)) {
            String kept = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (!kept.isEmpty()) {
                return kept;
            }
        }
        SecureRandom random = new SecureRandom();
        StringBuilder password = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            password.append(ALPHABET[random.nextInt(ALPHABET.length)]);
        }
        if ("command".equals(context.getProperty("facilitysync.mode"))) {
            // A one-shot command serves no HTTP: nobody can log in, so nothing is kept or printed.
            return password.toString();
        }
        Files.createDirectories(file.getParent());
        Files.writeString(file, password + "\n", StandardCharsets.UTF_8);
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // a file system without POSIX permissions keeps its defaults
        }
        LOG.warn("Console: no password configured, so one was generated. Log in at /system/console as '{}' with"
                + " password {} (kept in {}; set your own with .password in load/{}.cfg)",
                username, password, file, PID);
        return password.toString();
    }

    private static byte[] hash(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("every Java has SHA-256", impossible);
        }
    }
}

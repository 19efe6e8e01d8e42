package org.facilitysync.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;

import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

/**
 * Runs one command line in the node through Gogo's {@code CommandProcessor}, the same way the
 * interactive shell does, and classifies the outcome for an exit status. Used by one-shot commands
 * and by the command port of a serving node.
 */
final class GogoCommands implements CommandRunner {

    /** {@code org.apache.felix.service.command.Converter.INSPECT}: the shell's detailed format. */
    private static final int INSPECT = 0;

    private final BundleContext context;

    private final PrintStream log;
    private final boolean keepTraces;

    /**
     * @param log where the node's log records written during a command go (the node's own stderr), instead
     *     of the command's stderr
     * @param keepTraces whether their stack traces go there too
     */
    GogoCommands(BundleContext context, PrintStream log, boolean keepTraces) {
        this.context = context;
        this.log = log;
        this.keepTraces = keepTraces;
    }

    /**
     * Runs {@code line} (a bare command name gets the {@code sync:} scope when such a command exists),
     * writing command output and the formatted result to {@code out}.
     */
    @Override
    public Outcome run(String line, OutputStream out, OutputStream commandErr) {
        LogDivertingOutputStream err = new LogDivertingOutputStream(commandErr, log, keepTraces);
        try {
            return execute(line, out, err);
        } finally {
            try {
                err.close();
            } catch (IOException e) {
                // the reader went away
            }
        }
    }

    private Outcome execute(String line, OutputStream out, OutputStream err) {
        ServiceReference<?> ref = context.getServiceReference(Node.COMMAND_PROCESSOR);
        Object processor = ref == null ? null : context.getService(ref);
        if (processor == null) {
            return new Outcome(LauncherException.FAILURE, "the Gogo command processor is not available: bundle"
                    + " org.apache.felix.gogo.runtime is not active", null);
        }
        String command = GogoCommandLine.withScope(line, this::isSyncCommand);
        try {
            Class<?> api = Reflection.interfaceNamed(processor.getClass(), Node.COMMAND_PROCESSOR);
            Method create = api.getMethod("createSession", InputStream.class, OutputStream.class, OutputStream.class);
            Object session = create.invoke(processor, InputStream.nullInputStream(), out, err);
            Class<?> sessionApi = create.getReturnType();
            try {
                Object result = sessionApi.getMethod("execute", CharSequence.class).invoke(session, command);
                if (result != null) {
                    Object text = sessionApi.getMethod("format", Object.class, int.class).invoke(session, result,
                            INSPECT);
                    writeLine(out, String.valueOf(text));
                }
                return Outcome.ok();
            } finally {
                sessionApi.getMethod("close").invoke(session);
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            return classify(command, Reflection.unwrap(e));
        } finally {
            context.ungetService(ref);
        }
    }

    /**
     * Runs Gogo's interactive login shell ({@code g! } prompt) on the given streams until it ends: at
     * end of input, or when the node stops. Returns normally in both cases.
     */
    void interactive(InputStream in, OutputStream out, OutputStream err) throws LauncherException {
        ServiceReference<?> ref = context.getServiceReference(Node.COMMAND_PROCESSOR);
        Object processor = ref == null ? null : context.getService(ref);
        if (processor == null) {
            throw LauncherException.failure("the Gogo command processor is not available: bundle"
                    + " org.apache.felix.gogo.runtime is not active", null);
        }
        try {
            Class<?> api = Reflection.interfaceNamed(processor.getClass(), Node.COMMAND_PROCESSOR);
            Method create = api.getMethod("createSession", InputStream.class, OutputStream.class, OutputStream.class);
            Object session = create.invoke(processor, in, out, err);
            try {
                // The node, not the shell, decides when to stop: hence --noshutdown.
                create.getReturnType().getMethod("execute", CharSequence.class)
                        .invoke(session, "gosh --login --noshutdown");
            } finally {
                create.getReturnType().getMethod("close").invoke(session);
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            if (isActive(context)) {
                throw LauncherException.failure("the shell ended with an error: "
                        + Reflection.unwrap(e).getMessage(), Reflection.unwrap(e));
            }
            // The node is stopping (exit, stop 0): the shell's streams and services went away under it.
        } finally {
            try {
                context.ungetService(ref);
            } catch (IllegalStateException stopped) {
                // the framework is already down
            }
        }
    }

    private static boolean isActive(BundleContext context) {
        try {
            return (context.getBundle(0).getState() & (org.osgi.framework.Bundle.STARTING
                    | org.osgi.framework.Bundle.ACTIVE)) != 0;
        } catch (IllegalStateException invalidContext) {
            return false;
        }
    }

    /** Whether a {@code sync:<name>} command is registered (Gogo commands are plain services). */
    boolean isSyncCommand(String name) {
        if (!GogoCommandLine.isBareName(name)) {
            return false;
        }
        try {
            return context.getServiceReferences((String) null, "(&(osgi.command.scope=" + GogoCommandLine.SYNC_SCOPE
                    + ")(osgi.command.function=" + name + "))") != null;
        } catch (InvalidSyntaxException e) {
            return false;
        }
    }

    static Outcome classify(String command, Throwable error) {
        String type = error.getClass().getName();
        String name = GogoCommandLine.commandName(command);
        if (type.equals("org.apache.felix.gogo.runtime.CommandNotFoundException")) {
            String message = name.contains(":")
                    ? "unknown command '" + name + "': no such command is registered"
                    : "unknown command '" + name + "': no sync:" + name + " or other command of that name is registered"
                            + " (facilitysync help shows usage)";
            return new Outcome(LauncherException.USAGE, message, error);
        }
        String message = firstLine(error.getMessage());
        if (error instanceof IllegalArgumentException && message.startsWith("Cannot coerce ")) {
            // Gogo found the command but no method takes these arguments.
            return new Outcome(LauncherException.USAGE, "wrong arguments for " + name + ": " + message, error);
        }
        if (message.isEmpty()) {
            message = name + " failed with " + error.getClass().getSimpleName();
        }
        return new Outcome(LauncherException.FAILURE, message, error);
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "";
        }
        for (String line : text.split("\\R")) {
            if (!line.isBlank()) {
                return line.strip();
            }
        }
        return "";
    }

    private static void writeLine(OutputStream out, String text) {
        try {
            out.write(text.getBytes(StandardCharsets.UTF_8));
            if (!text.endsWith("\n")) {
                out.write('\n');
            }
            out.flush();
        } catch (IOException e) {
            // The reader went away (a closed pipe or a dropped attach client); nothing to tell it.
        }
    }
}

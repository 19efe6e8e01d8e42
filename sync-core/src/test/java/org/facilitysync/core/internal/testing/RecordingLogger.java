package org.facilitysync.core.internal.testing;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import org.slf4j.Logger;
import org.slf4j.helpers.FormattingTuple;
import org.slf4j.helpers.MessageFormatter;

/** An slf4j {@link Logger} that records formatted lines, so tests can check what operators would read. */
public final class RecordingLogger {

    /** One logged line. */
    public record Line(String level, String message, Throwable thrown) {
    }

    private static final Set<String> LEVELS = Set.of("trace", "debug", "info", "warn", "error");

    private final List<Line> lines = new CopyOnWriteArrayList<>();
    private final Logger logger = (Logger) Proxy.newProxyInstance(Logger.class.getClassLoader(),
            new Class<?>[] {Logger.class}, this::invoke);

    public Logger logger() {
        return logger;
    }

    public List<Line> lines() {
        return List.copyOf(lines);
    }

    /** The lines logged at {@code level} ("warn", "error", ...). */
    public List<Line> at(String level) {
        return lines.stream().filter(line -> line.level().equals(level)).toList();
    }

    private Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        String name = method.getName();
        if (LEVELS.contains(name) && args != null && args.length > 0 && args[0] instanceof String format) {
            Object[] arguments = args.length == 2 && args[1] instanceof Object[] array ? array
                    : Arrays.copyOfRange(args, 1, args.length);
            FormattingTuple tuple = MessageFormatter.arrayFormat(format, arguments);
            lines.add(new Line(name, tuple.getMessage(), tuple.getThrowable()));
            return null;
        }
        if (name.startsWith("is") && name.endsWith("Enabled")) {
            return true;
        }
        if (name.equals("getName")) {
            return "recording";
        }
        if (method.isDefault()) {
            return InvocationHandler.invokeDefault(proxy, method, args);
        }
        return null;
    }
}

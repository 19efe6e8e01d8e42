package org.facilitysync.launcher;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.UndeclaredThrowableException;

/**
 * The launcher talks to Gogo through reflection: its API classes live in a bundle, which the launcher's
 * class loader cannot see (ConfigAdmin's API, small and stable, is on the launcher's class path instead and
 * exported by the system bundle; Gogo's command processor is bound up with its runtime). Methods are looked up on the public API interface
 * (not on the implementation class, which may not be public).
 */
final class Reflection {

    private Reflection() {
    }

    static Class<?> interfaceNamed(Class<?> type, String name) throws ClassNotFoundException {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            Class<?> found = search(c, name);
            if (found != null) {
                return found;
            }
        }
        throw new ClassNotFoundException(type.getName() + " does not implement " + name);
    }

    private static Class<?> search(Class<?> c, String name) {
        for (Class<?> i : c.getInterfaces()) {
            if (i.getName().equals(name)) {
                return i;
            }
            Class<?> deeper = search(i, name);
            if (deeper != null) {
                return deeper;
            }
        }
        return null;
    }

    /** The exception a reflectively called method really threw. */
    static Throwable unwrap(Throwable t) {
        Throwable current = t;
        while ((current instanceof InvocationTargetException || current instanceof UndeclaredThrowableException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }
}

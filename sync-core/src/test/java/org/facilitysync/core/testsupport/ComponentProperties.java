package org.facilitysync.core.testsupport;

import java.lang.reflect.Array;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * A component property type (an {@code @ObjectClassDefinition} annotation) over plain properties, as
 * Declarative Services builds it for {@code @Activate}/{@code @Modified}: so that tests hand a component's
 * settings the same values a {@code .cfg} file or ConfigAdmin would, without a framework.
 *
 * <p>It follows the DS 1.4 rules that matter here (112.8.2): method name to key ({@code _} is {@code .},
 * {@code __} is {@code _}, {@code $} is dropped, {@code $_$} is {@code -}), an absent key gives the
 * method's default, a String attribute takes a multi-valued property's first value, a String[] attribute
 * takes a single value as a one-element array, and a number or boolean that does not parse reads as 0 or
 * false (which is why strict settings declare such attributes as String).
 */
public final class ComponentProperties {

    private ComponentProperties() {
    }

    /** The {@code type} view of {@code properties}. */
    public static <A> A of(Class<A> type, Map<String, ?> properties) {
        Map<String, ?> copy = Map.copyOf(properties);
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> switch (method.getName()) {
                    case "toString" -> "@" + type.getSimpleName() + copy;
                    case "hashCode" -> copy.hashCode();
                    case "equals" -> proxy == args[0];
                    case "annotationType" -> type;
                    default -> value(method, copy.get(key(method.getName())));
                }));
    }

    /** The property key of an attribute method's name. */
    public static String key(String methodName) {
        StringBuilder key = new StringBuilder();
        for (int i = 0; i < methodName.length(); i++) {
            char c = methodName.charAt(i);
            if (methodName.startsWith("$_$", i)) {
                key.append('-');
                i += 2;
            } else if (methodName.startsWith("$$", i)) {
                key.append('$');
                i++;
            } else if (c == '$') {
                continue;
            } else if (methodName.startsWith("__", i)) {
                key.append('_');
                i++;
            } else {
                key.append(c == '_' ? '.' : c);
            }
        }
        return key.toString();
    }

    private static Object value(Method method, Object raw) {
        if (raw == null) {
            return method.getDefaultValue();
        }
        List<Object> values = values(raw);
        Class<?> returned = method.getReturnType();
        if (returned.isArray()) {
            Object array = Array.newInstance(returned.getComponentType(), values.size());
            for (int i = 0; i < values.size(); i++) {
                Array.set(array, i, single(returned.getComponentType(), values.get(i)));
            }
            return array;
        }
        return values.isEmpty() ? method.getDefaultValue() : single(returned, values.get(0));
    }

    private static List<Object> values(Object raw) {
        List<Object> values = new ArrayList<>();
        if (raw instanceof Collection<?> collection) {
            values.addAll(collection);
        } else if (raw.getClass().isArray()) {
            for (int i = 0; i < Array.getLength(raw); i++) {
                values.add(Array.get(raw, i));
            }
        } else {
            values.add(raw);
        }
        return values;
    }

    private static Object single(Class<?> type, Object value) {
        String text = String.valueOf(value);
        if (type == String.class) {
            return text;
        }
        if (type == boolean.class) {
            return value instanceof Boolean flag ? flag : Boolean.parseBoolean(text);
        }
        try {
            if (type == int.class) {
                return value instanceof Number number ? number.intValue() : Integer.parseInt(text);
            }
            if (type == long.class) {
                return value instanceof Number number ? number.longValue() : Long.parseLong(text);
            }
        } catch (NumberFormatException unparsable) {
            return type == int.class ? (Object) 0 : (Object) 0L;
        }
        throw new IllegalArgumentException("no conversion to " + type + " here");
    }
}

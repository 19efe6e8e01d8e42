package org.facilitysync.extras;

/** A configuration value that cannot be used; the message names the key, the value and what is expected. */
final class InvalidSettingException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String key;
    private final transient Object value;

    InvalidSettingException(String key, Object value, String expected) {
        super("invalid value " + quote(value) + " for '" + key + "' in configuration "
                + ExtrasSettings.PID + ": " + expected);
        this.key = key;
        this.value = value;
    }

    String key() {
        return key;
    }

    Object value() {
        return value;
    }

    private static String quote(Object value) {
        return value instanceof String ? "'" + value + "'" : String.valueOf(value);
    }
}

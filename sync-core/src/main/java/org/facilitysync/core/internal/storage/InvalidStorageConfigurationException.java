package org.facilitysync.core.internal.storage;

/**
 * A storage configuration value that cannot be used. The message names the configuration, the key and
 * the value (never a password) and says what would work.
 */
public class InvalidStorageConfigurationException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String key;

    InvalidStorageConfigurationException(String key, Object value, String problem) {
        super("configuration " + StorageSettings.PID + ": " + key + " = '" + value + "' " + problem);
        this.key = key;
    }

    /** The configuration key whose value is wrong. */
    public String key() {
        return key;
    }
}

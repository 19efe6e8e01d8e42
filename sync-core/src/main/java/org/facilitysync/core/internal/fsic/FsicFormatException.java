package org.facilitysync.core.internal.fsic;

/** An FSIC text that is not what Morango sends: names what was wrong and where. */
public class FsicFormatException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public FsicFormatException(String message) {
        super(message);
    }

    public FsicFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}

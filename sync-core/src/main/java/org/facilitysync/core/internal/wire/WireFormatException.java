package org.facilitysync.core.internal.wire;

/**
 * A request body, or a field of it, that is not what the resource's format says; the message is the
 * sentence the server answers with (400) and names the field.
 */
public final class WireFormatException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public WireFormatException(String message) {
        super(message);
    }
}

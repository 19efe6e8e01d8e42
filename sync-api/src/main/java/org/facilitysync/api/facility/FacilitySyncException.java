package org.facilitysync.api.facility;

/** A sync that could not start or did not finish; the message is meant for an operator. */
public class FacilitySyncException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public FacilitySyncException(String message) {
        super(message);
    }

    public FacilitySyncException(String message, Throwable cause) {
        super(message, cause);
    }
}

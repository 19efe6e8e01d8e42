package org.facilitysync.api.facility;

/**
 * The answer of a {@link PublicResource}.
 *
 * @param status the HTTP status
 * @param body what the core writes as the JSON body: a {@code Map} (written in its iteration order, so use
 *        a {@code LinkedHashMap} for a fixed key order), a {@code List}, a String, Number, Boolean, or null
 */
public record PublicResponse(int status, Object body) {

    public PublicResponse {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("not an HTTP status: " + status);
        }
    }

    /** 200 with {@code body}. */
    public static PublicResponse ok(Object body) {
        return new PublicResponse(200, body);
    }
}

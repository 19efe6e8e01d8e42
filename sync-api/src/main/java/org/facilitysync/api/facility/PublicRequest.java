package org.facilitysync.api.facility;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A request to a {@link PublicResource}, as the core read it.
 *
 * @param method the HTTP method, upper case
 * @param id the path segment after the resource's path ({@code v1/facility/<id>/}), if there is one
 * @param query the query parameters (the first value of each)
 * @param body the request body as text, if there is one
 * @param credentials the HTTP Basic credentials sent, if any
 * @param instanceId this node's Morango instance id
 */
public record PublicRequest(String method, Optional<String> id, Map<String, String> query, Optional<String> body,
        Optional<BasicCredentials> credentials, String instanceId) {

    public PublicRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(id, "id");
        query = Map.copyOf(query);
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(instanceId, "instanceId");
    }
}

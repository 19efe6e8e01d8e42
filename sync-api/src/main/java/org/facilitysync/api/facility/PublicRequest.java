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
 * @param data the request body's members when it is a JSON object (Django REST framework's
 *        {@code request.data}); empty without a body
 * @param credentials the HTTP Basic credentials sent, if any
 * @param instanceId this node's Morango instance id
 */
public record PublicRequest(String method, Optional<String> id, Map<String, String> query, Map<String, Object> data,
        Optional<BasicCredentials> credentials, String instanceId) {

    public PublicRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(id, "id");
        query = Map.copyOf(query);
        data = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(data));
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(instanceId, "instanceId");
    }
}

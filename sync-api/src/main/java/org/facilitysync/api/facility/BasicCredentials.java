package org.facilitysync.api.facility;

import java.util.Map;
import java.util.Objects;

/**
 * HTTP Basic credentials as Morango's {@code BasicMultiArgumentAuthentication} reads them: the user part
 * may carry further arguments as a query string ({@code username=ana&facility=<facility id>}).
 *
 * @param username the username
 * @param password the password as sent (Kolibri sends {@code NOT_SPECIFIED} for none)
 * @param arguments the further arguments, for example {@code facility}
 */
public record BasicCredentials(String username, char[] password, Map<String, String> arguments) {

    public BasicCredentials {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        arguments = Map.copyOf(arguments);
    }
}

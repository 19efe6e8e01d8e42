package org.facilitysync.console.security;

import org.apache.felix.webconsole.spi.SecurityProvider;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Guards the Felix Web Console with the {@link ConsoleCredentials}. The distribution names this provider in
 * the framework property {@code felix.webconsole.security.providers}, so the console serves nothing until
 * it is there and never falls back to its built-in {@code admin}/{@code admin}.
 */
@Component(service = SecurityProvider.class, property = SecurityProvider.PROPERTY_ID + "=" + ConsoleSecurityProvider.ID)
public final class ConsoleSecurityProvider implements SecurityProvider {

    public static final String ID = "facilitysync";

    private final ConsoleCredentials credentials;

    @Activate
    public ConsoleSecurityProvider(@Reference ConsoleCredentials credentials) {
        this.credentials = credentials;
    }

    @Override
    public Object authenticate(HttpServletRequest request, HttpServletResponse response) {
        String user = credentials.authenticate(request);
        if (user == null) {
            credentials.challenge(response);
        }
        return user;
    }

    @Override
    public boolean authorize(Object user, String role) {
        return true; // one account, allowed everything
    }

    @Override
    public void logout(HttpServletRequest request, HttpServletResponse response) {
        // Basic authentication has no server-side session to end
    }
}

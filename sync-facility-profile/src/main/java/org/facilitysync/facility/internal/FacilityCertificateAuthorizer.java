package org.facilitysync.facility.internal;

import java.util.Map;
import java.util.Optional;

import org.facilitysync.api.model.KolibriScopes;
import org.facilitysync.api.facility.Authorization;
import org.facilitysync.api.facility.CertificateAuthorizer;
import org.facilitysync.api.model.SyncRecord;
import org.facilitysync.api.model.SyncRecords;
import org.facilitysync.facility.data.CertificateRequester;
import org.facilitysync.facility.data.FacilityScopes;
import org.facilitysync.facility.models.FacilityDataModels;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kolibri's rule for who may obtain a certificate through a signing request
 * ({@code FacilityUser.has_morango_certificate_scope_permission}): the user signs with their username and
 * password (and, as Kolibri's client sends it, the facility id), or a learner by username alone where the
 * dataset allows it ({@link FacilityLogin}); a facility admin may obtain the full-facility
 * certificate of their own dataset, and a single-user certificate for any user of it; a learner only their own.
 */
@Component(service = CertificateAuthorizer.class, property = CertificateAuthorizer.PROFILE + "=" + FacilityDataModels.PROFILE)
public final class FacilityCertificateAuthorizer implements CertificateAuthorizer {

    private static final Logger LOG = LoggerFactory.getLogger(FacilityCertificateAuthorizer.class);

    private final FacilityUsers users;
    private final FacilityLogin login;

    @Activate
    public FacilityCertificateAuthorizer(@Reference SyncRecords records) {
        this.users = new FacilityUsers(records);
        this.login = new FacilityLogin(records);
    }

    @Override
    public Authorization authorize(String username, char[] password, Map<String, String> userArguments,
            String scopeDefinitionId, Map<String, String> scopeParams) {
        Optional<String> facility = Optional.ofNullable(userArguments.get("facility")).filter(f -> !f.isEmpty());
        SyncRecord user = login.authenticate(username, password, facility).orElse(null);
        if (user == null) {
            LOG.info("Certificate signing request for scope {} refused: bad credentials for user '{}'",
                    scopeDefinitionId, username);
            return Authorization.badCredentials();
        }
        CertificateRequester requester = new CertificateRequester(user.id(), FacilityUsers.datasetOf(user), false,
                users.isFacilityAdmin(user));
        String targetDataset = Optional.ofNullable(scopeParams.get(KolibriScopes.USER_ID)).flatMap(users::byId)
                .map(FacilityUsers::datasetOf).orElse(null);
        if (!FacilityScopes.mayObtainCertificate(requester, scopeDefinitionId, scopeParams, targetDataset)) {
            LOG.info("Certificate signing request refused: user '{}' may not obtain scope {} {}", username,
                    scopeDefinitionId, scopeParams);
            return Authorization.forbidden("user '" + username + "' may not obtain a '" + scopeDefinitionId
                    + "' certificate with " + scopeParams);
        }
        return Authorization.granted();
    }
}

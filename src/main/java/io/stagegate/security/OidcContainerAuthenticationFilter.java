package io.stagegate.security;

import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.webapp.impl.security.auth.ContainerBasedAuthenticationFilter;
import org.camunda.bpm.webapp.impl.security.auth.UserAuthentication;

/**
 * Camunda's container-based authentication filter for users who exist only at the OpenID provider. Camunda's own
 * version looks the user up in its identity tables and gives up (a {@code NullPointerException}) when there is no row;
 * here the webapp session's authentication is built from the provider's user id and groups alone: the applications the
 * user may open come from Camunda's {@code APPLICATION} authorizations for those groups, exactly as Camunda computes
 * them. Camunda's periodic revalidation against its tables (which would replace the provider's groups by table
 * memberships, or drop the user) does not apply: the Spring Security session is the source of truth, and a user's new
 * groups take effect with the next login.
 */
final class OidcContainerAuthenticationFilter extends ContainerBasedAuthenticationFilter {

    private static final List<String> APPS = List.of("cockpit", "tasklist", "admin");
    /** Never revalidated against Camunda's tables (see above). */
    private static final long NEVER = Long.MAX_VALUE;

    @Override
    protected UserAuthentication createAuthentication(
            ProcessEngine engine, String userId, List<String> groups, List<String> tenants) {
        List<String> groupIds = groups == null ? List.of() : groups;
        Set<String> apps = new HashSet<>();
        apps.add("welcome");
        AuthorizationService authorizations = engine.getAuthorizationService();
        boolean checked = engine.getProcessEngineConfiguration().isAuthorizationEnabled();
        for (String app : APPS) {
            if (!checked
                    || authorizations.isUserAuthorized(
                            userId, groupIds, Permissions.ACCESS, Resources.APPLICATION, app)) {
                apps.add(app);
            }
        }
        UserAuthentication authentication = new UserAuthentication(userId, engine.getName());
        authentication.setGroupIds(groupIds);
        authentication.setTenantIds(tenants == null ? List.of() : tenants);
        authentication.setAuthorizedApps(apps);
        authentication.setCacheValidationTime(new Date(NEVER));
        return authentication;
    }
}

package io.stagegate.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.rest.security.auth.AuthenticationProvider;
import org.camunda.bpm.engine.rest.security.auth.AuthenticationResult;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;

/**
 * Camunda's container-based authentication for the webapps, fed by Spring Security's OpenID Connect login
 * ({@link OidcWebappLogin}): the user id and the groups ({@code ROLE_} authorities, from the ID token) of the session's
 * login become Camunda's {@link AuthenticationResult}, so Cockpit, Tasklist and Admin apply Camunda's authorizations
 * to the provider's groups — no user or membership rows in Camunda's tables. Anything but a provider login (anonymous,
 * no session) is unauthenticated. Public with a no-argument constructor: Camunda's
 * {@code ContainerBasedAuthenticationFilter} instantiates it by class name.
 */
public final class OidcCamundaAuthenticationProvider implements AuthenticationProvider {

    private final CurrentUser currentUser = new CurrentUser();

    @Override
    public AuthenticationResult extractAuthenticatedUser(HttpServletRequest request, ProcessEngine engine) {
        if (!(SecurityContextHolder.getContext().getAuthentication() instanceof OAuth2AuthenticationToken)
                || !currentUser.isAuthenticated()) {
            return AuthenticationResult.unsuccessful();
        }
        AuthenticationResult result = AuthenticationResult.successful(currentUser.userId());
        result.setGroups(currentUser.groups());
        return result;
    }

    /** No challenge: the browser is sent to the provider by the Spring Security filter chain, not by a header. */
    @Override
    public void augmentResponseByAuthenticationChallenge(HttpServletResponse response, ProcessEngine engine) {}
}

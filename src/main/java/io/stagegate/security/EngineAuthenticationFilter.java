package io.stagegate.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.camunda.bpm.engine.IdentityService;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Hands the authenticated caller to the engine for the length of the request, so that Camunda's authorization checks
 * and its user operation log see the same user as Spring Security — for Stagegate's controllers and for Camunda's
 * engine REST API alike. The engine keeps the authentication per thread; it is cleared in any case when the request
 * ends, so a pooled thread never carries a user into the next request. Not a bean: it belongs to the API filter chain
 * only, and a bean would be registered for every URL by Spring Boot.
 */
final class EngineAuthenticationFilter extends OncePerRequestFilter {

    private final IdentityService identityService;
    private final CurrentUser currentUser;

    EngineAuthenticationFilter(IdentityService identityService, CurrentUser currentUser) {
        this.identityService = identityService;
        this.currentUser = currentUser;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!currentUser.isAuthenticated()) {
            chain.doFilter(request, response);
            return;
        }
        identityService.setAuthentication(currentUser.userId(), currentUser.groups());
        try {
            chain.doFilter(request, response);
        } finally {
            identityService.clearAuthentication();
        }
    }
}

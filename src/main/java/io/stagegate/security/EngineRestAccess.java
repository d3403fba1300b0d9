package io.stagegate.security;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Objects;
import java.util.function.Supplier;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;

/**
 * Access to Camunda's engine REST API: an authenticated user, and unless the user is in {@code camunda-admin}, a
 * request on the {@link EngineRestAllowList}. This is a second line behind Camunda's own authorizations, which would
 * also refuse most writes: it keeps the rule "only camunda-admin changes engine state through /engine-rest" true even
 * when an authorization is granted too widely later.
 */
final class EngineRestAccess implements AuthorizationManager<RequestAuthorizationContext> {

    static final String ADMIN_AUTHORITY = IdentityServiceAuthenticationProvider.ROLE_PREFIX + AuthorizationModel.ADMIN;

    private final EngineRestAllowList allowList;

    EngineRestAccess(EngineRestAllowList allowList) {
        this.allowList = allowList;
    }

    @Override
    public AuthorizationResult authorize(Supplier<Authentication> authentication, RequestAuthorizationContext context) {
        Authentication caller = authentication.get();
        if (caller == null || !caller.isAuthenticated() || caller instanceof AnonymousAuthenticationToken) {
            return new AuthorizationDecision(false);
        }
        boolean admin = caller.getAuthorities().stream()
                .anyMatch(authority -> ADMIN_AUTHORITY.equals(authority.getAuthority()));
        if (admin) {
            return new AuthorizationDecision(true);
        }
        HttpServletRequest request = context.getRequest();
        return new AuthorizationDecision(
                allowList.permits(request.getMethod(), pathBelowEngineRest(request), methodOverride(request)));
    }

    /** Required by the interface until Spring Security 7; {@link #authorize} is what Spring Security calls. */
    @Override
    @Deprecated
    public AuthorizationDecision check(Supplier<Authentication> authentication, RequestAuthorizationContext context) {
        return (AuthorizationDecision) authorize(authentication, context);
    }

    /** The request path after {@code /engine-rest}, as sent (not decoded), e.g. {@code /task/42/complete}. */
    static String pathBelowEngineRest(HttpServletRequest request) {
        String prefix = request.getContextPath() + SecurityConfiguration.ENGINE_REST;
        String uri = request.getRequestURI();
        String path = uri.startsWith(prefix) ? uri.substring(prefix.length()) : uri;
        return path.isEmpty() ? "/" : path;
    }

    private static String methodOverride(HttpServletRequest request) {
        return EngineRestAllowList.methodOverrideHeaders().stream()
                .map(request::getHeader)
                .filter(Objects::nonNull)
                .findFirst()
                .orElse(null);
    }
}

package io.stagegate.security;

import java.util.List;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/**
 * The caller of the current request, as other modules see it: a user id (a pseudonym that the identity system
 * resolves) and the ids of the user's groups. Read from Spring Security's context, so it answers on the request
 * thread; on a thread without an authenticated caller (the job executor, start-up) {@link #isAuthenticated()} is false
 * and {@link #userId()} throws.
 */
@Component
public class CurrentUser {

    /** Whether a user is authenticated on this thread. */
    public boolean isAuthenticated() {
        return authentication() != null;
    }

    /** The authenticated user's id. */
    public String userId() {
        Authentication authentication = authentication();
        if (authentication == null) {
            throw new IllegalStateException("No authenticated user on this thread");
        }
        return authentication.getName();
    }

    /** The ids of the groups the authenticated user belongs to, sorted; empty without an authenticated user. */
    public List<String> groups() {
        Authentication authentication = authentication();
        if (authentication == null) {
            return List.of();
        }
        return authentication.getAuthorities().stream()
                .map(GrantedAuthority::getAuthority)
                .filter(authority ->
                        authority != null && authority.startsWith(IdentityServiceAuthenticationProvider.ROLE_PREFIX))
                .map(authority -> authority.substring(IdentityServiceAuthenticationProvider.ROLE_PREFIX.length()))
                .sorted()
                .toList();
    }

    /** Whether the authenticated user belongs to this group. */
    public boolean isMember(String group) {
        return groups().contains(group);
    }

    private static Authentication authentication() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null
                || !authentication.isAuthenticated()
                || authentication instanceof AnonymousAuthenticationToken) {
            return null;
        }
        return authentication;
    }
}

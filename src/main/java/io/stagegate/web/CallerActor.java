package io.stagegate.web;

import io.stagegate.lifecycle.Actor;
import java.util.List;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/** The authenticated caller as an {@link Actor}: groups are the {@code ROLE_<group>} authorities. */
@Component
public class CallerActor {

    private static final String ROLE = "ROLE_";

    public Actor current() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null || !authentication.isAuthenticated()) {
            throw new IllegalStateException("No authenticated caller");
        }
        List<String> groups = authentication.getAuthorities().stream()
                .map(GrantedAuthority::getAuthority)
                .filter(a -> a.startsWith(ROLE))
                .map(a -> a.substring(ROLE.length()))
                .toList();
        return new Actor(authentication.getName(), groups);
    }
}

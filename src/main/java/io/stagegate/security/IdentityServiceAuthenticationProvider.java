package io.stagegate.security;

import io.stagegate.security.CredentialCache.Identity;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.Group;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * Checks a user name and password against Camunda's identity service — the same users the webapps log in with — and
 * turns the user's groups into authorities {@code ROLE_<groupId>}. Camunda's own failed-attempt lockout applies,
 * because every uncached attempt goes through {@code checkPassword}; on top of it, {@link LoginThrottle} refuses a user
 * name from a client address after repeated failures without looking at the password at all. With OpenID Connect on,
 * only the users {@link OidcProperties#basicUsers() listed as service accounts} may use Basic.
 */
final class IdentityServiceAuthenticationProvider implements AuthenticationProvider {

    static final String ROLE_PREFIX = "ROLE_";

    private final IdentityService identityService;
    private final CredentialCache cache;
    private final LoginThrottle throttle;
    private final Predicate<String> basicAllowed;

    /** Without a usable limit on failures: for tests of the provider alone. */
    IdentityServiceAuthenticationProvider(IdentityService identityService, CredentialCache cache) {
        this(
                identityService,
                cache,
                new LoginThrottle(Integer.MAX_VALUE, Duration.ZERO, Duration.ZERO, Clock.systemUTC()),
                user -> true);
    }

    IdentityServiceAuthenticationProvider(
            IdentityService identityService,
            CredentialCache cache,
            LoginThrottle throttle,
            Predicate<String> basicAllowed) {
        this.identityService = identityService;
        this.cache = cache;
        this.throttle = throttle;
        this.basicAllowed = basicAllowed;
    }

    @Override
    public Authentication authenticate(Authentication authentication) throws AuthenticationException {
        String username = authentication.getName();
        Object credentials = authentication.getCredentials();
        if (username == null || username.isBlank() || !(credentials instanceof String password) || password.isEmpty()) {
            throw new BadCredentialsException("Bad credentials");
        }
        String address = authentication.getDetails() instanceof WebAuthenticationDetails details
                ? details.getRemoteAddress()
                : "unknown";
        throttle.lockedFor(username, address).ifPresent(remaining -> {
            throw new LoginThrottledException(remaining);
        });
        Identity identity;
        try {
            if (!basicAllowed.test(username)) {
                throw new BadCredentialsException("Bad credentials");
            }
            identity = cache.lookup(username, password).orElseGet(() -> verify(username, password));
        } catch (BadCredentialsException failed) {
            throttle.failed(username, address);
            throw failed;
        }
        throttle.succeeded(username, address);
        List<SimpleGrantedAuthority> authorities = identity.groups().stream()
                .map(group -> new SimpleGrantedAuthority(ROLE_PREFIX + group))
                .toList();
        UsernamePasswordAuthenticationToken result =
                UsernamePasswordAuthenticationToken.authenticated(identity.userId(), null, authorities);
        result.setDetails(authentication.getDetails());
        return result;
    }

    private Identity verify(String username, String password) {
        if (!identityService.checkPassword(username, password)) {
            throw new BadCredentialsException("Bad credentials");
        }
        List<String> groups = identityService.createGroupQuery().groupMember(username).list().stream()
                .map(Group::getId)
                .sorted()
                .toList();
        Identity identity = new Identity(username, groups);
        cache.remember(username, password, identity);
        return identity;
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}

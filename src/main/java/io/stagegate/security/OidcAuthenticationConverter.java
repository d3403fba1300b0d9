package io.stagegate.security;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * Turns a validated JWT into the same caller the rest of Stagegate knows from HTTP Basic: a user id (the configured
 * claim, else {@code sub}) and authorities {@code ROLE_<group>} from the configured groups claim, mapped through
 * {@link OidcProperties#groupMapping()}. So {@link CurrentUser}, the API's gate rules and — through
 * {@link EngineAuthenticationFilter} — Camunda's authorizations see the token's groups.
 */
final class OidcAuthenticationConverter implements Converter<Jwt, AbstractAuthenticationToken> {

    private final OidcProperties properties;

    OidcAuthenticationConverter(OidcProperties properties) {
        this.properties = properties;
    }

    @Override
    public AbstractAuthenticationToken convert(Jwt jwt) {
        return new JwtAuthenticationToken(jwt, authorities(jwt.getClaims()), userId(jwt.getClaims()));
    }

    /**
     * The user id: the configured claim, else {@code sub}. Shared by bearer tokens and the webapps' ID tokens, so a
     * user is the same user through every door.
     */
    String userId(Map<String, Object> claims) {
        String user = text(claims.get(properties.userClaim()));
        if (!OidcProperties.hasText(user)) {
            user = text(claims.get(JwtClaimNames.SUB));
        }
        if (!OidcProperties.hasText(user)) {
            throw new OAuth2AuthenticationException(
                    new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN, "The token names no user", null));
        }
        return user;
    }

    /** {@code ROLE_<group>} for each group of the groups claim, mapped through the group mapping, sorted. */
    List<GrantedAuthority> authorities(Map<String, Object> claims) {
        return groups(claims).stream()
                .map(group -> properties.groupMapping().getOrDefault(group, group))
                .distinct()
                .sorted()
                .<GrantedAuthority>map(
                        group -> new SimpleGrantedAuthority(IdentityServiceAuthenticationProvider.ROLE_PREFIX + group))
                .toList();
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    /** The groups claim, following a dotted path into nested objects; a string is split at spaces and commas. */
    List<String> groups(Map<String, Object> claims) {
        Object value = claims;
        for (String segment : properties.groupsClaim().split("\\.")) {
            if (!(value instanceof Map<?, ?> map)) {
                return List.of();
            }
            value = map.get(segment);
        }
        if (value instanceof Collection<?> collection) {
            return collection.stream()
                    .filter(Objects::nonNull)
                    .map(Object::toString)
                    .filter(group -> !group.isBlank())
                    .toList();
        }
        if (value instanceof String text) {
            return Arrays.stream(text.split("[\\s,]+"))
                    .filter(group -> !group.isBlank())
                    .toList();
        }
        return List.of();
    }
}

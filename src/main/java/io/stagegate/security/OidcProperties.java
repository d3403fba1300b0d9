package io.stagegate.security;

import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * OpenID Connect for production: when an issuer or a JWK set URI is configured, the APIs ({@code /api/**},
 * {@code /engine-rest/**}, the metrics endpoint) accept JWT bearer tokens of that identity provider, and the user id and
 * groups come from the token instead of Camunda's identity tables. Switching it on is configuration only (see
 * {@code docs/security.md}).
 *
 * @param issuerUri the provider's issuer ({@code iss}); tokens of another issuer are refused. Without a JWK set URI the
 *     keys are found through the issuer's discovery document, on the first token
 * @param jwkSetUri where the provider publishes its signing keys; optional when the issuer is given
 * @param audience the value the token's {@code aud} must contain (the API's client id at the provider); required,
 *     because without it a token the provider issued for any other application would be accepted
 * @param groupsClaim the claim holding the user's groups: a list or a space/comma separated string; a dotted path
 *     reaches into nested objects (Keycloak: {@code realm_access.roles})
 * @param userClaim the claim holding the user id; {@code sub} when the token lacks it
 * @param groupMapping the provider's group names (or ids, e.g. Azure AD object ids) → Stagegate groups; a group not
 *     listed keeps its name
 * @param basicUsers the only users who may still authenticate with HTTP Basic against Camunda's identity tables while
 *     OIDC is on (service accounts); empty: Basic is off
 * @param clientId Stagegate's client id at the provider, for the webapps' login (authorization-code flow); with an
 *     issuer and a client id, Cockpit, Tasklist and Admin log users in through the provider instead of their own form
 * @param clientSecret the secret of that client (from a Kubernetes Secret, never from a config map)
 */
@ConfigurationProperties(prefix = "stagegate.security.oidc")
record OidcProperties(
        String issuerUri,
        String jwkSetUri,
        String audience,
        @DefaultValue("groups") String groupsClaim,
        @DefaultValue("preferred_username") String userClaim,
        Map<String, String> groupMapping,
        List<String> basicUsers,
        String clientId,
        String clientSecret) {

    OidcProperties {
        groupMapping = groupMapping == null ? Map.of() : Map.copyOf(groupMapping);
        basicUsers = basicUsers == null
                ? List.of()
                : basicUsers.stream().filter(user -> !user.isBlank()).toList();
    }

    /** Whether OpenID Connect is switched on. */
    boolean enabled() {
        return hasText(issuerUri) || hasText(jwkSetUri);
    }

    /**
     * Whether the webapps log users in through the provider: needs the issuer (its discovery document names the
     * authorization and token endpoints) and a client id.
     */
    boolean webappLogin() {
        return hasText(issuerUri) && hasText(clientId);
    }

    /** Whether this user may authenticate with HTTP Basic. */
    boolean allowsBasic(String user) {
        return !enabled() || basicUsers.contains(user);
    }

    static boolean hasText(String value) {
        return value != null && !value.isBlank();
    }
}

package io.stagegate.security;

import java.util.ArrayList;
import java.util.List;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;

/**
 * Builds the check of bearer tokens from {@link OidcProperties}: signature against the provider's published keys (so a
 * token signed by anyone else fails), expiry and not-before (one minute of clock skew), issuer, and audience. The keys
 * are fetched on the first token, not at start-up, so the application starts while the provider is unreachable.
 */
final class OidcTokens {

    private OidcTokens() {}

    static AuthenticationManager authenticationManager(OidcProperties properties) {
        if (!OidcProperties.hasText(properties.audience())) {
            throw new IllegalStateException("OpenID Connect is on (stagegate.security.oidc.issuer-uri or jwk-set-uri)"
                    + " but stagegate.security.oidc.audience (OIDC_AUDIENCE) is empty: set it to the client id the"
                    + " provider puts into the tokens' aud claim for Stagegate");
        }
        NimbusJwtDecoder decoder = OidcProperties.hasText(properties.jwkSetUri())
                ? NimbusJwtDecoder.withJwkSetUri(properties.jwkSetUri()).build()
                : NimbusJwtDecoder.withIssuerLocation(properties.issuerUri()).build();
        List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
        validators.add(new JwtTimestampValidator());
        if (OidcProperties.hasText(properties.issuerUri())) {
            validators.add(new JwtIssuerValidator(properties.issuerUri()));
        }
        String audience = properties.audience();
        validators.add(
                new JwtClaimValidator<List<String>>(JwtClaimNames.AUD, aud -> aud != null && aud.contains(audience)));
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(validators));
        JwtAuthenticationProvider provider = new JwtAuthenticationProvider(decoder);
        provider.setJwtAuthenticationConverter(new OidcAuthenticationConverter(properties));
        return new ProviderManager(provider);
    }
}

package io.stagegate.security;

import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.ClientRegistrations;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserService;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.HttpStatusEntryPoint;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * The webapps' login through the OpenID provider (authorization-code flow), for when OIDC is on and a client id is
 * configured. Spring Security does the protocol (redirect to the provider, code for tokens, ID token signature, issuer,
 * audience, expiry and nonce) and keeps the result in the HTTP session; {@link OidcCamundaAuthenticationProvider} then
 * hands that user to Camunda's container-based authentication. The user id and groups come from the ID token through
 * the same {@link OidcAuthenticationConverter} rules as bearer tokens. Camunda's own CSRF filter and security headers
 * stay in charge of {@code /camunda/**}; its login form is closed, so personal accounts come only from the provider.
 */
final class OidcWebappLogin {

    /** The registration id; the redirect URI to register at the provider is {@code {base}/login/oauth2/code/stagegate}. */
    static final String REGISTRATION_ID = "stagegate";

    private static final RequestMatcher LOGIN_FORM = path("/camunda/api/admin/auth/user/*/login/**");

    private static final Logger log = LoggerFactory.getLogger(OidcWebappLogin.class);

    private OidcWebappLogin() {}

    static SecurityFilterChain filterChain(HttpSecurity http, OidcProperties properties) throws Exception {
        OidcAuthenticationConverter claims = new OidcAuthenticationConverter(properties);
        return http.securityMatcher(
                        new OrRequestMatcher(path("/camunda/**"), path("/oauth2/**"), path("/login/oauth2/**")))
                .authorizeHttpRequests(requests -> requests.requestMatchers(path("/camunda/app/**"))
                        .authenticated()
                        // the webapps' own login form: with the provider in charge there are no local passwords
                        .requestMatchers(LOGIN_FORM)
                        .denyAll()
                        .anyRequest()
                        .permitAll())
                .oauth2Login(login -> login.clientRegistrationRepository(new DiscoveredRegistration(properties))
                        .userInfoEndpoint(userInfo -> userInfo.oidcUserService(userService(properties, claims)))
                        .failureHandler(failure()))
                .exceptionHandling(exceptions -> exceptions
                        .defaultAuthenticationEntryPointFor(
                                new LoginUrlAuthenticationEntryPoint("/oauth2/authorization/" + REGISTRATION_ID),
                                path("/camunda/app/**"))
                        .defaultAuthenticationEntryPointFor(new HttpStatusEntryPoint(HttpStatus.FORBIDDEN), LOGIN_FORM))
                .csrf(AbstractHttpConfigurer::disable)
                .headers(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .build();
    }

    /** The provider's user, renamed and re-grouped by the same claim rules as bearer tokens. */
    private static OAuth2UserService<OidcUserRequest, OidcUser> userService(
            OidcProperties properties, OidcAuthenticationConverter claims) {
        OidcUserService delegate = new OidcUserService();
        return request -> {
            OidcUser user = delegate.loadUser(request);
            String userId = claims.userId(user.getClaims());
            String nameKey = userId.equals(String.valueOf(user.getClaims().get(properties.userClaim())))
                    ? properties.userClaim()
                    : "sub";
            return new DefaultOidcUser(
                    claims.authorities(user.getClaims()), user.getIdToken(), user.getUserInfo(), nameKey);
        };
    }

    /** A failed login (bad signature, wrong issuer or nonce, refused at the provider) ends with 401 and no session. */
    private static AuthenticationFailureHandler failure() {
        return (request, response, exception) -> {
            log.warn("OpenID Connect login of the webapps failed: {}", exception.getMessage());
            if (request.getSession(false) != null) {
                request.getSession(false).invalidate();
            }
            response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
            response.setContentType("text/plain;charset=UTF-8");
            response.getOutputStream()
                    .write("Login through the identity provider failed".getBytes(StandardCharsets.UTF_8));
        };
    }

    private static RequestMatcher path(String pattern) {
        return PathPatternRequestMatcher.withDefaults().matcher(pattern);
    }

    /**
     * Stagegate's client at the provider, with the endpoints from the issuer's discovery document. Discovered on the
     * first login, not at start-up, so the application starts while the provider is unreachable (like the bearer
     * path's keys); a failed discovery is retried on the next login.
     */
    static final class DiscoveredRegistration implements ClientRegistrationRepository {

        private final OidcProperties properties;
        private volatile ClientRegistration registration;

        DiscoveredRegistration(OidcProperties properties) {
            this.properties = properties;
        }

        @Override
        public ClientRegistration findByRegistrationId(String registrationId) {
            if (!REGISTRATION_ID.equals(registrationId)) {
                return null;
            }
            ClientRegistration known = registration;
            if (known == null) {
                synchronized (this) {
                    if (registration == null) {
                        registration = ClientRegistrations.fromOidcIssuerLocation(properties.issuerUri())
                                .registrationId(REGISTRATION_ID)
                                .clientId(properties.clientId())
                                .clientSecret(properties.clientSecret())
                                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                                .redirectUri("{baseUrl}/login/oauth2/code/{registrationId}")
                                .scope(Set.of("openid", "profile", "email"))
                                .build();
                    }
                    known = registration;
                }
            }
            return known;
        }
    }
}

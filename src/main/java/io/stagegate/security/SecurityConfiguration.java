package io.stagegate.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.util.Map;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.webapp.impl.security.auth.ContainerBasedAuthenticationFilter;
import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Three filter chains. The webapps ({@code /camunda/**}) keep Camunda's own session login, CSRF filter and security
 * headers, so Spring Security stays out of their way there — unless OpenID Connect with a client id is configured: then
 * the webapps log users in through the provider ({@link OidcWebappLogin}), still with Camunda's CSRF filter and headers. The APIs ({@code /api/**}, {@code /engine-rest/**}) are
 * stateless HTTP Basic against Camunda's identity service, with the caller handed to the engine per request and
 * {@code /engine-rest} narrowed to reads and task work for everyone but {@code camunda-admin}. The rest — health,
 * info, API documentation — is open, metrics need a user, and every other actuator endpoint is closed.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({
    StagegateSecurityProperties.class,
    OidcProperties.class,
    DemoProperties.class,
    FunctionGroups.class
})
class SecurityConfiguration {

    static final String ENGINE_REST = "/engine-rest";

    private final StagegateSecurityProperties properties;
    private final OidcProperties oidc;
    private final ProblemDetailsSecurityResponses problems;
    private final AuthenticationManager bearerAuthentication;

    SecurityConfiguration(StagegateSecurityProperties properties, OidcProperties oidc, ObjectMapper objectMapper) {
        this.properties = properties;
        this.oidc = oidc;
        this.problems = new ProblemDetailsSecurityResponses(objectMapper, properties.realm(), oidc.enabled());
        this.bearerAuthentication = oidc.enabled() ? OidcTokens.authenticationManager(oidc) : null;
    }

    /**
     * The only authentication manager: its presence also keeps Spring Boot from creating its default in-memory user.
     */
    @Bean
    AuthenticationManager stagegateAuthenticationManager(IdentityService identityService) {
        CredentialCache cache = new CredentialCache(
                properties.authenticationCacheTtl(), properties.authenticationCacheSize(), Clock.systemUTC());
        LoginThrottle throttle = new LoginThrottle(
                properties.loginMaxFailures(),
                properties.loginFailureWindow(),
                properties.loginLockDuration(),
                Clock.systemUTC());
        return new ProviderManager(
                new IdentityServiceAuthenticationProvider(identityService, cache, throttle, oidc::allowsBasic));
    }

    @Bean
    @Order(1)
    SecurityFilterChain webappFilterChain(HttpSecurity http) throws Exception {
        if (oidc.webappLogin()) {
            return OidcWebappLogin.filterChain(http, oidc);
        }
        return http.securityMatcher(path("/camunda/**"))
                .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .csrf(AbstractHttpConfigurer::disable)
                .headers(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .build();
    }

    /**
     * With the webapps' OIDC login on, Camunda's container-based authentication takes the user from the Spring
     * Security session ({@link OidcCamundaAuthenticationProvider}, {@link OidcContainerAuthenticationFilter}); registered after Spring Security's filter and before
     * Camunda's own webapp filters (which run at the lowest precedence). Off (disabled registration) otherwise, so the
     * webapps keep their own login form.
     */
    @Bean
    FilterRegistrationBean<ContainerBasedAuthenticationFilter> oidcWebappAuthenticationFilter() {
        FilterRegistrationBean<ContainerBasedAuthenticationFilter> registration =
                new FilterRegistrationBean<>(new OidcContainerAuthenticationFilter());
        registration.setInitParameters(
                Map.of("authentication-provider", OidcCamundaAuthenticationProvider.class.getName()));
        registration.addUrlPatterns("/camunda/*");
        registration.setOrder(SecurityProperties.DEFAULT_FILTER_ORDER + 1);
        registration.setEnabled(oidc.webappLogin());
        return registration;
    }

    @Bean
    @Order(2)
    SecurityFilterChain apiFilterChain(
            HttpSecurity http,
            AuthenticationManager stagegateAuthenticationManager,
            IdentityService identityService,
            CurrentUser currentUser)
            throws Exception {
        EngineRestAccess engineRestAccess = new EngineRestAccess(new EngineRestAllowList());
        return stateless(
                        http.securityMatcher(new OrRequestMatcher(path("/api/**"), path(ENGINE_REST + "/**"))),
                        stagegateAuthenticationManager)
                .authorizeHttpRequests(requests -> requests.requestMatchers(path(ENGINE_REST + "/**"))
                        .access(engineRestAccess)
                        .anyRequest()
                        .authenticated())
                .addFilterAfter(new EngineAuthenticationFilter(identityService, currentUser), AuthorizationFilter.class)
                .build();
    }

    @Bean
    @Order(3)
    SecurityFilterChain defaultFilterChain(HttpSecurity http, AuthenticationManager stagegateAuthenticationManager)
            throws Exception {
        return stateless(http, stagegateAuthenticationManager)
                .authorizeHttpRequests(requests -> requests.requestMatchers(
                                path("/actuator/health"), path("/actuator/health/**"), path("/actuator/info"))
                        .permitAll()
                        .requestMatchers(path("/actuator/prometheus"))
                        .authenticated()
                        .requestMatchers(path("/actuator/**"))
                        .denyAll()
                        .requestMatchers(
                                path("/"),
                                path("/index.html"),
                                path("/favicon.ico"),
                                path("/error"),
                                path("/swagger-ui.html"),
                                path("/swagger-ui/**"),
                                path("/v3/api-docs"),
                                path("/v3/api-docs/**"),
                                path("/engine-rest-openapi.json"),
                                // the webapps probe this on first visit; a Basic challenge here would pop up a browser
                                // login dialog over the webapps' own login form and block it
                                path("/camunda-welcome"),
                                path("/camunda-welcome/**"))
                        .permitAll()
                        .anyRequest()
                        .authenticated())
                .build();
    }

    /**
     * HTTP Basic, and with OpenID Connect on also JWT bearer tokens; no session, no CSRF token (nothing is
     * authenticated by a cookie), Spring Security's default headers (nosniff, frame options DENY, HSTS on secure
     * requests, no caching).
     */
    private HttpSecurity stateless(HttpSecurity http, AuthenticationManager authenticationManager) throws Exception {
        if (bearerAuthentication != null) {
            http.oauth2ResourceServer(resourceServer -> resourceServer
                    .jwt(jwt -> jwt.authenticationManager(bearerAuthentication))
                    .authenticationEntryPoint(problems)
                    .accessDeniedHandler(problems));
        }
        return http.authenticationManager(authenticationManager)
                .httpBasic(basic -> basic.realmName(properties.realm()).authenticationEntryPoint(problems))
                .csrf(AbstractHttpConfigurer::disable)
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .exceptionHandling(exceptions ->
                        exceptions.authenticationEntryPoint(problems).accessDeniedHandler(problems));
    }

    private static RequestMatcher path(String pattern) {
        return PathPatternRequestMatcher.withDefaults().matcher(pattern);
    }
}

package io.stagegate.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import org.camunda.bpm.engine.ProcessEngine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

class IdentityServiceAuthenticationProviderTests {

    private static ProcessEngine engine;

    private final CredentialCache cache = new CredentialCache(Duration.ofSeconds(60), 100, Clock.systemUTC());

    @BeforeAll
    static void startEngineWithDemoUsers() {
        engine = TestEngine.start(true);
        TestEngine.bootstrap(engine, true).run(null);
    }

    @AfterAll
    static void closeEngine() {
        engine.close();
    }

    @Test
    void turnsTheUsersCamundaGroupsIntoRoles() {
        Authentication result = provider().authenticate(credentials("lead", "demo"));
        assertThat(result.isAuthenticated()).isTrue();
        assertThat(result.getName()).isEqualTo("lead");
        assertThat(result.getCredentials()).isNull();
        assertThat(result.getAuthorities())
                .extracting(GrantedAuthority::getAuthority)
                .containsExactly("ROLE_contributor", "ROLE_pmo");
        assertThat(provider().authenticate(credentials("admin", "demo")).getAuthorities())
                .extracting(GrantedAuthority::getAuthority)
                .containsExactly("ROLE_camunda-admin");
    }

    @Test
    void refusesAWrongPasswordAnUnknownUserAndEmptyCredentials() {
        assertThatThrownBy(() -> provider().authenticate(credentials("dev", "wrong")))
                .isInstanceOf(BadCredentialsException.class);
        assertThatThrownBy(() -> provider().authenticate(credentials("nobody", "demo")))
                .isInstanceOf(BadCredentialsException.class);
        assertThatThrownBy(() -> provider().authenticate(credentials("dev", "")))
                .isInstanceOf(BadCredentialsException.class);
        assertThat(cache.size()).isZero();
    }

    @Test
    void answersARepeatedAuthenticationFromTheCache() {
        provider().authenticate(credentials("tech", "demo"));
        assertThat(cache.size()).isEqualTo(1);
        engine.getIdentityService().deleteMembership("tech", "technology");
        try {
            assertThat(provider().authenticate(credentials("tech", "demo")).getAuthorities())
                    .extracting(GrantedAuthority::getAuthority)
                    .as("served from the cache, without reading the memberships again")
                    .containsExactly("ROLE_technology");
        } finally {
            engine.getIdentityService().createMembership("tech", "technology");
        }
    }

    private IdentityServiceAuthenticationProvider provider() {
        return new IdentityServiceAuthenticationProvider(engine.getIdentityService(), cache);
    }

    private static Authentication credentials(String user, String password) {
        return UsernamePasswordAuthenticationToken.unauthenticated(user, password);
    }
}

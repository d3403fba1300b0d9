package io.stagegate.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

/**
 * Settings that only the production profile or a real deployment switches on, read from the shipped YAML files: they
 * cannot be observed in the shared test context, which runs on plain HTTP without the {@code prod} profile.
 */
class SecurityPropertiesTests {

    @Test
    void theProdProfileMarksTheWebappCookiesSecure() throws IOException {
        PropertySource<?> prod = load("application-prod.yml");
        assertThat(prod.getProperty("camunda.bpm.webapp.session-cookie.enable-secure-cookie"))
                .isEqualTo(true);
        assertThat(prod.getProperty("camunda.bpm.webapp.csrf.enable-secure-cookie"))
                .isEqualTo(true);
    }

    @Test
    void theDefaultsThrottleLoginsAndHideInternals() throws IOException {
        PropertySource<?> base = load("application.yml");
        assertThat(base.getProperty("camunda.bpm.generic-properties.properties.login-max-attempts"))
                .isEqualTo(10);
        assertThat(base.getProperty("camunda.bpm.generic-properties.properties.java-serialization-format-enabled"))
                .isEqualTo(false);
        assertThat(base.getProperty("camunda.bpm.webapp.session-cookie.enable-same-site-cookie"))
                .isEqualTo(true);
        assertThat(base.getProperty("server.servlet.session.cookie.http-only")).isEqualTo(true);
        assertThat(base.getProperty("server.error.include-stacktrace")).isEqualTo("never");
        assertThat(base.getProperty("management.endpoints.web.exposure.include"))
                .isEqualTo("health,info,prometheus");
        assertThat(base.getProperty("management.endpoint.health.show-details")).isEqualTo("when-authorized");
    }

    private static PropertySource<?> load(String file) throws IOException {
        List<PropertySource<?>> sources = new YamlPropertySourceLoader().load(file, new ClassPathResource(file));
        assertThat(sources).hasSize(1);
        return sources.get(0);
    }
}

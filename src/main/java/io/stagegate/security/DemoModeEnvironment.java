package io.stagegate.security;

import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.Profiles;

/**
 * Decides {@code stagegate.demo.enabled} before any bean exists: on by default on the embedded H2 set-up, off by
 * default when the {@code postgres} or {@code prod} profile is active, and refused together with {@code prod} — demo
 * users with a known password must never reach production, whoever sets the switch. Runs after the config files are
 * read (lowest precedence order), so profiles named in them count. Public only because Spring Boot instantiates it
 * from {@code META-INF/spring.factories}.
 */
public final class DemoModeEnvironment implements EnvironmentPostProcessor, Ordered {

    static final String PROPERTY = "stagegate.demo.enabled";
    static final String DEFAULTS_SOURCE = "stagegateDemoDefault";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        boolean production = environment.acceptsProfiles(Profiles.of("prod"));
        boolean external = production || environment.acceptsProfiles(Profiles.of("postgres"));
        if (!environment.containsProperty(PROPERTY)) {
            environment
                    .getPropertySources()
                    .addLast(new MapPropertySource(DEFAULTS_SOURCE, Map.of(PROPERTY, String.valueOf(!external))));
        }
        boolean demo = environment.getProperty(PROPERTY, Boolean.class, false);
        if (production && demo) {
            throw new DemoInProductionException();
        }
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}

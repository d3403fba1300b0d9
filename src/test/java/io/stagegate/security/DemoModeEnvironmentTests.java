package io.stagegate.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.mock.env.MockEnvironment;

class DemoModeEnvironmentTests {

    private final DemoModeEnvironment postProcessor = new DemoModeEnvironment();

    @Test
    void switchesTheDemoOnByDefaultOnTheEmbeddedSetUp() {
        assertThat(demoAfterStart(new MockEnvironment())).isTrue();
    }

    @Test
    void switchesTheDemoOffByDefaultOnPostgresAndInProduction() {
        MockEnvironment postgres = new MockEnvironment();
        postgres.setActiveProfiles("postgres");
        assertThat(demoAfterStart(postgres)).isFalse();
        MockEnvironment production = new MockEnvironment();
        production.setActiveProfiles("postgres", "prod");
        assertThat(demoAfterStart(production)).isFalse();
    }

    @Test
    void keepsAnExplicitSetting() {
        MockEnvironment postgres = new MockEnvironment().withProperty("stagegate.demo.enabled", "true");
        postgres.setActiveProfiles("postgres");
        assertThat(demoAfterStart(postgres)).isTrue();
        assertThat(demoAfterStart(new MockEnvironment().withProperty("stagegate.demo.enabled", "false")))
                .isFalse();
    }

    @Test
    void refusesToStartTheDemoInProduction() {
        MockEnvironment production = new MockEnvironment().withProperty("stagegate.demo.enabled", "true");
        production.setActiveProfiles("prod");
        assertThatThrownBy(() -> postProcessor.postProcessEnvironment(production, new SpringApplication()))
                .isInstanceOf(DemoInProductionException.class)
                .hasMessageContaining("stagegate.demo.enabled=true")
                .hasMessageContaining("'prod'");
    }

    @Test
    void explainsTheRefusalInsteadOfPrintingAStackTrace() {
        FailureAnalysis analysis = new DemoInProductionFailureAnalyzer().analyze(new DemoInProductionException());
        assertThat(analysis.getDescription()).contains("prod");
        assertThat(analysis.getAction()).contains("STAGEGATE_DEMO_ENABLED");
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void stopsARealStartWithProdAndTheDemoWithAClearReport(CapturedOutput output) {
        SpringApplication application = new SpringApplication(NoBeans.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        application.setAdditionalProfiles("prod");
        application.setDefaultProperties(Map.of("stagegate.demo.enabled", "true"));
        assertThatThrownBy(application::run).isInstanceOf(DemoInProductionException.class);
        assertThat(output).contains("APPLICATION FAILED TO START").contains("STAGEGATE_DEMO_ENABLED");
    }

    /** An application with nothing in it: only the start-up checks run. Not a configuration class on purpose. */
    static final class NoBeans {}

    private boolean demoAfterStart(MockEnvironment environment) {
        postProcessor.postProcessEnvironment(environment, new SpringApplication());
        return environment.getProperty("stagegate.demo.enabled", Boolean.class, false);
    }
}

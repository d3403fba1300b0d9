package io.stagegate;

import io.stagegate.performance.SqlCounting;
import jakarta.servlet.Filter;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cfg.ProcessEnginePlugin;
import org.camunda.community.process_test_coverage.engine.platform7.ProcessCoverageConfigurator;
import org.camunda.community.process_test_coverage.engine.platform7.ProcessEngineAdapter;
import org.camunda.community.process_test_coverage.spring_test.common.ProcessEngineCoverageProperties;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

/**
 * The one Spring context the integration tests share: the whole application on a random port over an in-memory
 * H2, demo users and projects included. Every test that needs the application uses exactly this annotation and
 * nothing that would change the context (no {@code @MockBean}, no extra properties), so the context starts once.
 * Process-test coverage is part of that one context (see {@link ProcessCoverage}).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(classes = StagegateApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@Import({StagegateIntegrationTest.ProcessCoverage.class, StagegateIntegrationTest.SqlCost.class})
public @interface StagegateIntegrationTest {

    /**
     * Statement counting for the SQL cost tests ({@code io.stagegate.performance.SqlCostTests}): the DataSource wrapped
     * in a counting proxy and a filter that counts a request marked with a header. Both stay idle unless a test opens
     * a scope, and live here so that counting needs no context of its own.
     */
    @TestConfiguration(proxyBeanMethods = false)
    class SqlCost {

        @Bean
        static BeanPostProcessor countingDataSource() {
            return SqlCounting.countingDataSource();
        }

        @Bean
        FilterRegistrationBean<Filter> sqlCountingFilter() {
            return SqlCounting.requestFilter();
        }
    }

    /**
     * camunda-process-test-coverage in the shared context. Its listener (registered by the library's
     * {@code spring.factories}) records the process-test classes matched by {@link #PROCESS_TEST_CLASSES} and fails
     * such a class whose paths cover less than {@link #CLASS_COVERAGE_AT_LEAST} of the models it touched (flow nodes
     * and sequence flows); the HTML and JSON reports land in
     * {@code ${sg.build.dir:-target}/process-test-coverage/<test class>/}. The threshold is one for all matched
     * classes: {@code OperationProcessTests} covers every element of both models (1.0), {@code LifecycleProcessTests}
     * the gate paths up to launch (0.68 of the models since operation was added); together they cover 1.0, and the
     * per-class bar sits just under the lower of the two so that losing a path in either class fails the build. The library's own {@code ProcessEngineCoverageConfiguration} is not imported: its parse
     * listener fails every execution until a test class hands it a collector, and this context runs processes before
     * that (the demo projects are walked at start-up, other test classes may run first), so the engine plugin here
     * hands it one that discards those events.
     */
    @TestConfiguration(proxyBeanMethods = false)
    class ProcessCoverage {

        /** Which classes are process tests, one test per path (style guide, "Levels"): a class-name pattern. */
        public static final String PROCESS_TEST_CLASSES = "*ProcessTests";

        public static final double CLASS_COVERAGE_AT_LEAST = 0.65;

        @Bean
        static ProcessEnginePlugin processTestCoverage() {
            return new AbstractProcessEnginePlugin() {
                @Override
                public void preInit(ProcessEngineConfigurationImpl configuration) {
                    ProcessCoverageConfigurator.initializeProcessCoverageExtensions(configuration);
                }

                @Override
                public void postProcessEngineBuild(ProcessEngine engine) {
                    new ProcessEngineAdapter(engine, event -> {}).initializeListeners();
                }
            };
        }

        @Bean
        static ProcessEngineCoverageProperties processEngineCoverageProperties() {
            return ProcessEngineCoverageProperties.builder()
                    .addInclusionPatternForTestClasses(PROCESS_TEST_CLASSES)
                    .assertClassCoverageAtLeast(CLASS_COVERAGE_AT_LEAST)
                    .reportDirectory(System.getProperty("sg.build.dir", "target") + "/process-test-coverage")
                    .build();
        }
    }
}

package io.stagegate.security;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns {@link DemoInProductionException} into Spring Boot's short "APPLICATION FAILED TO START" report instead of a
 * stack trace. Public only because Spring Boot instantiates it from {@code META-INF/spring.factories}.
 */
public final class DemoInProductionFailureAnalyzer extends AbstractFailureAnalyzer<DemoInProductionException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, DemoInProductionException cause) {
        return new FailureAnalysis(
                "The demo (stagegate.demo.enabled=true) was switched on together with the Spring profile 'prod'."
                        + " The demo creates users whose password is 'demo'.",
                "Unset STAGEGATE_DEMO_ENABLED or set it to false, or start without the 'prod' profile.",
                cause);
    }
}

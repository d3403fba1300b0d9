package io.stagegate.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.stagegate.Api;
import io.stagegate.Api.Answer;
import io.stagegate.StagegateIntegrationTest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpHeaders;

/**
 * While the application is not ready (start-up, shutdown) the API and {@code /engine-rest} answer 503 with
 * {@code Retry-After}, before authentication and without touching anything; the probes still answer. Readiness is
 * switched by the same event Spring Boot publishes around its runners and on close, and switched back at the end, since
 * the context is shared.
 */
@StagegateIntegrationTest
class NotReadyHttpTests {

    private final Api api;
    private final ApplicationContext context;

    NotReadyHttpTests(@LocalServerPort int port, ApplicationContext context) {
        this.api = new Api(port);
        this.context = context;
    }

    @Test
    void whileNotReadyTheApiAsksToRetryAndCreatesNothing() {
        long before =
                api.get("pmo", "/api/v1/projects?size=1").body().path("total").asLong();
        AvailabilityChangeEvent.publish(context, ReadinessState.REFUSING_TRAFFIC);
        try {
            Answer create = api.post("pmo", "/api/v1/projects", Map.of("name", "Too early", "industry", "RETAIL"));
            assertThat(create.status()).isEqualTo(503);
            assertThat(create.headers().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("5");
            assertThat(create.headers().getContentType()).hasToString("application/problem+json");
            assertThat(create.body().path("type").asText()).endsWith("/not-ready");

            assertThat(api.get(null, "/api/v1/projects").status())
                    .as("before authentication: no 401 for a caller who is simply early")
                    .isEqualTo(503);
            assertThat(api.get("pmo", "/engine-rest/task").status()).isEqualTo(503);
            assertThat(api.get(null, "/actuator/health/readiness").status())
                    .as("the probe reports the same state")
                    .isEqualTo(503);
        } finally {
            AvailabilityChangeEvent.publish(context, ReadinessState.ACCEPTING_TRAFFIC);
        }

        assertThat(api.get("pmo", "/api/v1/projects?size=1")
                        .body()
                        .path("total")
                        .asLong())
                .as("nothing was created")
                .isEqualTo(before);
        assertThat(api.get(null, "/actuator/health/readiness").status()).isEqualTo(200);
    }
}

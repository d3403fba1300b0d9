package io.stagegate.observability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.stagegate.Api;
import io.stagegate.Api.Answer;
import io.stagegate.ProjectFixtures;
import io.stagegate.StagegateIntegrationTest;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * What a platform team scrapes and probes, over real HTTP: the business series in {@code /actuator/prometheus}
 * move with what the API does (compared before and after, since the context is shared with other tests), and the
 * liveness and readiness groups answer with the database and the engine behind readiness.
 */
@StagegateIntegrationTest
class ObservabilityHttpTests {

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{([^}]*)\\})? (\\S+)$");

    private final Api api;
    private final ProjectFixtures fixtures;

    ObservabilityHttpTests(@LocalServerPort int port) {
        this.api = new Api(port);
        this.fixtures = new ProjectFixtures(api);
    }

    @Test
    void aGateDecisionAndABreachShowInTheScrapeWithLowCardinalityTags() {
        String before = scrape();
        String id = fixtures.create("Metrics: gate").path("id").asText();

        fixtures.passCurrentPhase(id);

        String afterGate = scrape();
        Map<String, String> requirementsApproved = Map.of("phase", "REQUIREMENTS", "decision", "APPROVE");
        assertThat(delta(before, afterGate, "stagegate_gate_decisions_total", requirementsApproved))
                .isEqualTo(1.0);
        assertThat(delta(before, afterGate, "stagegate_gate_lead_time_seconds_count", requirementsApproved))
                .isEqualTo(1.0);
        assertThat(value(afterGate, "stagegate_gate_lead_time_seconds_bucket", Map.of("phase", "REQUIREMENTS")))
                .as("the lead time is a histogram")
                .isPositive();
        assertThat(delta(before, afterGate, "stagegate_audit_events_total", Map.of("type", "GATE_DECIDED")))
                .isEqualTo(1.0);
        assertThat(delta(before, afterGate, "stagegate_audit_events_total", Map.of("type", "PHASE_ENTERED")))
                .as("project created and requirements left: requirements, then architecture entered")
                .isEqualTo(2.0);
        assertThat(value(afterGate, "stagegate_tasks_open", Map.of("task", "prepare-phase")))
                .as("open preparation tasks (demo projects and this one)")
                .isPositive();
        for (String status : ReadModelGauges.DELIVERY_STATUSES) {
            assertThat(value(afterGate, "stagegate_webhook_deliveries", Map.of("status", status)))
                    .as("webhook deliveries %s", status)
                    .isNotNegative();
        }
        assertThat(value(afterGate, "stagegate_webhook_backlog_age_seconds", Map.of()))
                .isNotNegative();
        assertThat(value(afterGate, "stagegate_projects", Map.of("status", "ACTIVE")))
                .isPositive();
        assertThat(afterGate).as("no series is tagged with a project id").doesNotContain(id);

        for (int gate = 1; gate < 7; gate++) {
            fixtures.passCurrentPhase(id);
        }
        assertThat(fixtures.view(id).path("status").asText()).isEqualTo("OPERATING");
        String operating = scrape();
        assertThat(metric(id, 0.5).status()).isEqualTo(202);
        assertThat(metric(id, 0.6).status()).isEqualTo(202);

        String afterBreach = scrape();
        assertThat(delta(operating, afterBreach, "stagegate_metric_breaches_total", Map.of("review", "opened")))
                .isEqualTo(1.0);
        assertThat(delta(operating, afterBreach, "stagegate_metric_breaches_total", Map.of("review", "joined")))
                .isEqualTo(1.0);
        assertThat(delta(before, afterBreach, "stagegate_gate_decisions_total", Map.of("decision", "APPROVE")))
                .as("seven gates approved")
                .isEqualTo(7.0);
        assertThat(afterBreach).doesNotContain(id).doesNotContain("metric=\"accuracy\"");
    }

    @Test
    void prometheusNeedsAUserAndAnyUserMayReadIt() {
        assertThat(api.get(null, "/actuator/prometheus").status()).isEqualTo(401);
        assertThat(api.get("auditor", "/actuator/prometheus").status()).isEqualTo(200);
    }

    @Test
    void livenessAndReadinessGroupsAnswerAndReadinessWatchesTheDatabaseAndTheEngine() {
        Answer liveness = api.get(null, "/actuator/health/liveness");
        Answer readiness = api.get(null, "/actuator/health/readiness");
        assertThat(liveness.status()).isEqualTo(200);
        assertThat(liveness.body().path("status").asText()).isEqualTo("UP");
        assertThat(readiness.status()).isEqualTo(200);
        assertThat(readiness.body().path("status").asText()).isEqualTo("UP");
        assertThat(readiness.body().has("components"))
                .as("no details without a user")
                .isFalse();

        JsonNode details = api.get("admin", "/actuator/health/readiness").body();
        assertThat(details.path("components").fieldNames())
                .toIterable()
                .containsExactlyInAnyOrder("readinessState", "db", "processEngine");
        assertThat(details.path("components").path("db").path("status").asText())
                .isEqualTo("UP");
        assertThat(details.path("components")
                        .path("processEngine")
                        .path("status")
                        .asText())
                .isEqualTo("UP");
        assertThat(api.get("admin", "/actuator/health/liveness")
                        .body()
                        .path("components")
                        .fieldNames())
                .toIterable()
                .containsExactly("livenessState");
    }

    private Answer metric(String id, double accuracy) {
        return api.post(
                "integration", "/api/v1/projects/" + id + "/metrics", Map.of("metric", "accuracy", "value", accuracy));
    }

    private String scrape() {
        Answer answer = api.get("pmo", "/actuator/prometheus");
        assertThat(answer.status()).as(answer.raw()).isEqualTo(200);
        return answer.raw();
    }

    private static double delta(String before, String after, String name, Map<String, String> tags) {
        return value(after, name, tags) - value(before, name, tags);
    }

    /** The sum of the samples of {@code name} whose labels include {@code tags}; 0 when there is none. */
    static double value(String scrape, String name, Map<String, String> tags) {
        double sum = 0;
        for (String line : scrape.split("\n")) {
            Matcher sample = SAMPLE.matcher(line.trim());
            if (line.startsWith("#") || !sample.matches() || !sample.group(1).equals(name)) {
                continue;
            }
            String labels = sample.group(3) == null ? "" : sample.group(3);
            boolean matches = tags.entrySet().stream()
                    .allMatch(tag -> labels.contains(tag.getKey() + "=\"" + tag.getValue() + "\""));
            if (matches) {
                sum += Double.parseDouble(sample.group(4));
            }
        }
        return sum;
    }
}

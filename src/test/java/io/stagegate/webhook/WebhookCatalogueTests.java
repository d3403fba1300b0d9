package io.stagegate.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.stagegate.audit.AuditEventRecorded;
import io.stagegate.gate.GateEvents.GateDecided;
import io.stagegate.gate.GateEvents.SignoffGiven;
import io.stagegate.lifecycle.LifecycleEvents.PhaseEntered;
import io.stagegate.lifecycle.LifecycleEvents.PhaseSubmitted;
import io.stagegate.lifecycle.LifecycleEvents.ProjectCancelled;
import io.stagegate.lifecycle.LifecycleEvents.ProjectCreated;
import io.stagegate.lifecycle.LifecycleEvents.ProjectLaunched;
import io.stagegate.lifecycle.LifecycleEvents.ProjectRetired;
import io.stagegate.lifecycle.Phase;
import io.stagegate.lifecycle.ProjectEvent;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which project events become which webhook events, and what their bodies say. */
class WebhookCatalogueTests {

    private static final ObjectMapper JSON =
            new ObjectMapper().findAndRegisterModules().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private static final Instant AT = Instant.parse("2025-03-01T09:30:00.123456Z");

    @Test
    void publishesPhaseEnteredWithPhaseIterationAndWhatTheGateWillAskFor() throws Exception {
        JsonNode body = body(
                new PhaseEntered(
                        "p-1", "pmo", Phase.DATA, 2, List.of("data-sources-compliant"), List.of("BUSINESS"), "{}"),
                7);

        assertThat(body.path("id").asText()).isEqualTo("event-1");
        assertThat(body.path("type").asText()).isEqualTo("phase.entered");
        assertThat(body.path("at").asText()).isEqualTo("2025-03-01T09:30:00.123456Z");
        assertThat(body.path("projectId").asText()).isEqualTo("p-1");
        assertThat(body.path("projectSeq").asLong()).isEqualTo(7);
        assertThat(body.path("data").path("phase").asText()).isEqualTo("DATA");
        assertThat(body.path("data").path("iteration").asInt()).isEqualTo(2);
        assertThat(body.path("data").path("requiredChecks").get(0).asText()).isEqualTo("data-sources-compliant");
        assertThat(body.path("data").path("requiredSignoffs").get(0).asText()).isEqualTo("BUSINESS");
        assertThat(body.path("data").has("policy")).isFalse();
    }

    @Test
    void publishesGateDecidedWithTheDecisionButNotTheComment() throws Exception {
        JsonNode body = body(
                new GateDecided(
                        "p-1",
                        "pmo",
                        Phase.VALIDATION,
                        1,
                        "LOOP",
                        "DATA",
                        "internal remark",
                        "d-1",
                        List.of("accuracy")),
                12);

        assertThat(body.path("type").asText()).isEqualTo("gate.decided");
        JsonNode data = body.path("data");
        assertThat(data.path("phase").asText()).isEqualTo("VALIDATION");
        assertThat(data.path("decision").asText()).isEqualTo("LOOP");
        assertThat(data.path("loopTo").asText()).isEqualTo("DATA");
        assertThat(data.path("decisionId").asText()).isEqualTo("d-1");
        assertThat(data.path("unmetKpis").get(0).asText()).isEqualTo("accuracy");
        assertThat(body.toString()).doesNotContain("internal remark");
    }

    @Test
    void publishesEveryStatusChangeAsProjectStatusWithTheNewStatus() throws Exception {
        assertThat(status(new ProjectCreated("p-1", "pmo", "Assistant", null, List.of(), null)))
                .isEqualTo("ACTIVE");
        assertThat(status(new ProjectLaunched("p-1", "system"))).isEqualTo("OPERATING");
        assertThat(status(new ProjectCancelled("p-1", "pmo", Phase.MODEL, "budget")))
                .isEqualTo("CANCELLED");
        assertThat(status(new ProjectRetired("p-1", "pmo", "replaced"))).isEqualTo("RETIRED");
        assertThat(body(new ProjectCreated("p-1", "pmo", "Assistant", null, List.of(), null), 1)
                        .path("data")
                        .path("name")
                        .asText())
                .isEqualTo("Assistant");
        assertThat(body(new ProjectLaunched("p-1", "system"), 1)
                        .path("data")
                        .path("phase")
                        .asText())
                .isEqualTo("OPERATION");
    }

    /** Stands in for the operation module's event: routes match on the type name only. */
    record MetricBreached(
            String projectId,
            String actor,
            String metric,
            double value,
            Double threshold,
            String reason,
            Instant observedAt,
            String reviewId,
            boolean reviewOpened)
            implements ProjectEvent {
        @Override
        public Phase phase() {
            return Phase.OPERATION;
        }
    }

    record GateOverdue(
            String projectId,
            String actor,
            Phase phase,
            int iteration,
            String taskKey,
            String taskId,
            String function,
            Instant due,
            String escalatedTo)
            implements ProjectEvent {}

    @Test
    void publishesMetricBreachesAndOverdueGatesByTheirTypeName() throws Exception {
        JsonNode breach = body(
                new MetricBreached(
                        "p-1", "integration", "hallucinationRate", 0.07, 0.05, "above 0.05", AT, "r-1", true),
                30);
        assertThat(breach.path("type").asText()).isEqualTo("metric.breached");
        assertThat(breach.path("data").path("phase").asText()).isEqualTo("OPERATION");
        assertThat(breach.path("data").path("metric").asText()).isEqualTo("hallucinationRate");
        assertThat(breach.path("data").path("value").asDouble()).isEqualTo(0.07);
        assertThat(breach.path("data").path("threshold").asDouble()).isEqualTo(0.05);
        assertThat(breach.path("data").path("observedAt").asText()).isEqualTo("2025-03-01T09:30:00.123456Z");
        assertThat(breach.path("data").path("reviewOpened").asBoolean()).isTrue();

        JsonNode overdue =
                body(new GateOverdue("p-1", "system", Phase.MODEL, 2, "sign-off", "t-1", "COMPLIANCE", AT, "pmo"), 31);
        assertThat(overdue.path("type").asText()).isEqualTo("gate.overdue");
        assertThat(overdue.path("data").path("phase").asText()).isEqualTo("MODEL");
        assertThat(overdue.path("data").path("iteration").asInt()).isEqualTo(2);
        assertThat(overdue.path("data").path("taskKey").asText()).isEqualTo("sign-off");
        assertThat(overdue.path("data").path("function").asText()).isEqualTo("COMPLIANCE");
        assertThat(overdue.path("data").has("taskId")).isFalse();
    }

    @Test
    void publishesNothingForEventsOutsideTheCatalogue() {
        assertThat(WebhookCatalogue.route(new PhaseSubmitted("p-1", "dev", Phase.DATA, 1).type()))
                .isEmpty();
        assertThat(WebhookCatalogue.route(
                        new SignoffGiven("p-1", "biz", Phase.DATA, 1, "BUSINESS", "APPROVE", null).type()))
                .isEmpty();
    }

    @Test
    void offersEveryCatalogueTypeForSubscription() {
        assertThat(WebhookCatalogue.TYPES)
                .containsExactlyInAnyOrder(
                        "phase.entered", "gate.decided", "metric.breached", "project.status", "gate.overdue");
    }

    private static String status(ProjectEvent event) throws Exception {
        JsonNode body = body(event, 1);
        assertThat(body.path("type").asText()).isEqualTo("project.status");
        return body.path("data").path("status").asText();
    }

    private static JsonNode body(ProjectEvent event, long seq) throws Exception {
        WebhookCatalogue.Route route = WebhookCatalogue.route(event.type()).orElseThrow();
        return JSON.readTree(WebhookCatalogue.body(route, new AuditEventRecorded(event, seq, AT), "event-1", JSON));
    }
}

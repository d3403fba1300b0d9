package io.stagegate.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stagegate.audit.AuditEventRecorded;
import io.stagegate.lifecycle.ProjectEvent;
import io.stagegate.lifecycle.ProjectStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The event types that integrating systems subscribe to, and the table that turns project events into them. A
 * project event is matched on its {@link ProjectEvent#type() type}; its {@code data} is the event's phase, the
 * listed fields of the event and the constants of its route. To publish another project event, add a route.
 */
final class WebhookCatalogue {

    static final String PHASE_ENTERED = "phase.entered";
    static final String GATE_DECIDED = "gate.decided";
    static final String METRIC_BREACHED = "metric.breached";
    static final String PROJECT_STATUS = "project.status";
    static final String GATE_OVERDUE = "gate.overdue";

    /** Everything one may subscribe to. */
    static final List<String> TYPES =
            List.of(PHASE_ENTERED, GATE_DECIDED, METRIC_BREACHED, PROJECT_STATUS, GATE_OVERDUE);

    /** One row of the table: which project event becomes which webhook event, with which data. */
    record Route(String sourceType, String type, Map<String, Object> constants, List<String> fields) {}

    private static final Map<String, Route> ROUTES = List.of(
                    new Route(
                            "PHASE_ENTERED",
                            PHASE_ENTERED,
                            Map.of(),
                            List.of("iteration", "requiredChecks", "requiredSignoffs")),
                    new Route(
                            "GATE_DECIDED",
                            GATE_DECIDED,
                            Map.of(),
                            List.of("iteration", "decision", "loopTo", "unmetKpis", "decisionId")),
                    new Route("PROJECT_CREATED", PROJECT_STATUS, status(ProjectStatus.ACTIVE), List.of("name")),
                    new Route("PROJECT_LAUNCHED", PROJECT_STATUS, status(ProjectStatus.OPERATING), List.of()),
                    new Route("PROJECT_CANCELLED", PROJECT_STATUS, status(ProjectStatus.CANCELLED), List.of()),
                    new Route("PROJECT_RETIRED", PROJECT_STATUS, status(ProjectStatus.RETIRED), List.of()),
                    new Route(
                            "METRIC_BREACHED",
                            METRIC_BREACHED,
                            Map.of(),
                            List.of(
                                    "metric",
                                    "value",
                                    "threshold",
                                    "reason",
                                    "observedAt",
                                    "reviewId",
                                    "reviewOpened")),
                    new Route(
                            "GATE_OVERDUE", GATE_OVERDUE, Map.of(), List.of("iteration", "taskKey", "function", "due")))
            .stream()
            .collect(Collectors.toUnmodifiableMap(Route::sourceType, Function.identity()));

    private WebhookCatalogue() {}

    static Optional<Route> route(String sourceType) {
        return Optional.ofNullable(ROUTES.get(sourceType));
    }

    static boolean isKnown(String type) {
        return TYPES.contains(type);
    }

    /**
     * The body every subscription receives for this event: {@code id}, {@code type}, {@code at}, {@code projectId},
     * {@code projectSeq} and {@code data}. Built once, in the transaction of the change, and stored as sent.
     */
    static String body(Route route, AuditEventRecorded recorded, String eventId, ObjectMapper json) {
        ProjectEvent source = recorded.source();
        ObjectNode body = json.createObjectNode();
        body.put("id", eventId);
        body.put("type", route.type());
        body.put("at", recorded.at().toString());
        body.put("projectId", source.projectId());
        body.put("projectSeq", recorded.projectSeq());
        ObjectNode data = body.putObject("data");
        if (source.phase() != null) {
            data.put("phase", source.phase().name());
        }
        route.constants().forEach((name, value) -> data.set(name, json.valueToTree(value)));
        JsonNode fields = json.valueToTree(source);
        for (String field : route.fields()) {
            data.set(field, fields.path(field).isMissingNode() ? json.nullNode() : fields.get(field));
        }
        return body.toString();
    }

    private static Map<String, Object> status(ProjectStatus status) {
        Map<String, Object> constants = new LinkedHashMap<>();
        constants.put("status", status.name());
        return constants;
    }
}

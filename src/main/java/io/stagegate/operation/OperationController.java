package io.stagegate.operation;

import io.stagegate.lifecycle.ProjectView;
import io.stagegate.lifecycle.ProjectViews;
import io.stagegate.operation.OperationRecords.MetricObservation;
import io.stagegate.operation.OperationRecords.OptimizationEntry;
import io.stagegate.web.CallerActor;
import io.stagegate.web.Paged;
import io.stagegate.web.Paging;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.Locale;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping(path = "/api/v1/projects/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Operation", description = "Operating metrics, the operation schedule and the optimization log")
class OperationController {

    private final MetricManagement metrics;
    private final OperationManagement operation;
    private final ProjectViews views;
    private final CallerActor caller;

    OperationController(
            MetricManagement metrics, OperationManagement operation, ProjectViews views, CallerActor caller) {
        this.metrics = metrics;
        this.operation = operation;
        this.views = views;
        this.caller = caller;
    }

    @PostMapping(path = "/metrics", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            summary = "Push an operating metric of an OPERATING project (roles: integration, pmo)",
            description = "The metric is a known one (hallucinationRate, accuracy, p95LatencyMs, satisfaction) or a"
                    + " KPI the project declares; observedAt defaults to now. A breach of the metric-thresholds policy"
                    + " opens a degradation review, or joins the one in progress.")
    ResponseEntity<MetricResponse> push(@PathVariable String id, @Valid @RequestBody MetricRequest request) {
        MetricObservation stored = metrics.record(
                id,
                new MetricManagement.Observation(request.metric(), request.value(), request.observedAt()),
                caller.current());
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(MetricResponse.of(stored));
    }

    @GetMapping("/metrics")
    @Operation(summary = "The stored observations, oldest first; from inclusive, to exclusive (paged)")
    Paged<MetricResponse> metrics(
            @PathVariable String id,
            @RequestParam(required = false) String metric,
            @RequestParam(required = false) Instant from,
            @RequestParam(required = false) Instant to,
            @RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size) {
        Paging paging = Paging.of(page, size);
        MetricManagement.MetricPage found = metrics.list(
                id, metric == null || metric.isBlank() ? null : metric, from, to, paging.page(), paging.size());
        return new Paged<>(
                found.items().stream().map(MetricResponse::of).toList(), paging.page(), paging.size(), found.total());
    }

    @PutMapping(path = "/operation", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            summary = "Set the knowledge-refresh cycle and/or the operations-review period (role: pmo)",
            description =
                    "ISO-8601 periods, e.g. {\"refreshCycle\": \"P14D\", \"reviewPeriod\": \"P3M\"}. Before launch"
                            + " they are used at launch; while operating the waiting timers move at once.")
    ProjectView reschedule(@PathVariable String id, @Valid @RequestBody ScheduleRequest request, Locale locale) {
        return views.view(
                operation.reschedule(id, request.refreshCycle(), request.reviewPeriod(), caller.current()), locale);
    }

    @GetMapping("/operation/log")
    @Operation(
            summary = "The optimization log: refreshes, degradation reviews, new versions, operations reviews (paged)")
    Paged<LogEntryResponse> log(
            @PathVariable String id,
            @RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size) {
        Paging paging = Paging.of(page, size);
        OperationManagement.LogPage found = operation.log(id, paging.page(), paging.size());
        return new Paged<>(
                found.items().stream().map(LogEntryResponse::of).toList(), paging.page(), paging.size(), found.total());
    }

    record MetricRequest(
            @NotBlank @Size(max = 100) @Pattern(regexp = "[A-Za-z][A-Za-z0-9_.-]*") String metric,
            @NotNull Double value,
            Instant observedAt) {}

    record MetricResponse(
            String id,
            String metric,
            double value,
            Instant observedAt,
            Instant receivedAt,
            String receivedBy,
            boolean breached,
            Double threshold,
            String reason,
            String policy,
            String reviewId) {

        static MetricResponse of(MetricObservation m) {
            return new MetricResponse(
                    m.id(),
                    m.metric(),
                    m.value(),
                    m.observedAt(),
                    m.receivedAt(),
                    m.receivedBy(),
                    m.breached(),
                    m.threshold(),
                    m.reason(),
                    m.policy(),
                    m.reviewId());
        }
    }

    record ScheduleRequest(@Size(max = 32) String refreshCycle, @Size(max = 32) String reviewPeriod) {}

    record LogEntryResponse(long seq, Instant at, String kind, String actor, String text) {

        static LogEntryResponse of(OptimizationEntry entry) {
            return new LogEntryResponse(entry.seq(), entry.at(), entry.kind().name(), entry.actor(), entry.text());
        }
    }
}

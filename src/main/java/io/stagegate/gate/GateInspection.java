package io.stagegate.gate;

import io.stagegate.deliverable.Deliverable;
import io.stagegate.deliverable.DeliverableRepository;
import io.stagegate.gate.GateRecords.CheckConfirmation;
import io.stagegate.gate.GateRecords.Signoff;
import io.stagegate.lifecycle.Catalogue;
import io.stagegate.lifecycle.Kpi;
import io.stagegate.lifecycle.Phase;
import io.stagegate.lifecycle.PhaseProgress;
import io.stagegate.lifecycle.Project;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * Reads a phase's evidence from Stagegate's records and says what its gate lacks. The one place that decides
 * whether evidence counts: deliverables and checks from the phase's current evidence window, sign-offs of the
 * current iteration, KPIs against the latest test report of the window.
 */
@Component
public class GateInspection {

    static final String TEST_REPORT = "test-report";

    private final Catalogue catalogue;
    private final DeliverableRepository deliverables;
    private final GateRepository records;

    GateInspection(Catalogue catalogue, DeliverableRepository deliverables, GateRepository records) {
        this.catalogue = catalogue;
        this.deliverables = deliverables;
        this.records = records;
    }

    public Evidence evidence(Project project, PhaseProgress progress) {
        Phase phase = progress.phase();
        int from = Math.max(progress.evidenceFromIteration(), 1);
        return new Evidence(
                progress,
                deliverables.latestPerType(project.id(), phase, from),
                records.latestChecks(project.id(), phase, from),
                records.signoffs(project.id(), phase, progress.iteration()));
    }

    public GateStatus status(Project project, PhaseProgress progress) {
        return status(project, evidence(project, progress));
    }

    /**
     * The status of the current gate of several projects with three queries in all (the project list), judged by the
     * same evidence windows as {@link #evidence}: deliverables and checks from the window's first iteration on,
     * sign-offs of the current iteration.
     */
    public Map<String, GateStatus> statuses(List<Project> projects, Map<String, PhaseProgress> current) {
        List<String> ids = projects.stream().map(Project::id).toList();
        Set<Phase> phases = current.values().stream().map(PhaseProgress::phase).collect(Collectors.toSet());
        Map<String, Map<String, Deliverable>> delivered = new HashMap<>();
        for (Deliverable d : deliverables.ofPhases(ids, phases)) {
            PhaseProgress progress = current.get(d.projectId());
            if (d.phase() == progress.phase() && d.iteration() >= windowStart(progress)) {
                delivered
                        .computeIfAbsent(d.projectId(), id -> new LinkedHashMap<>())
                        .put(d.type(), d);
            }
        }
        Map<String, Map<String, CheckConfirmation>> confirmed = new HashMap<>();
        for (CheckConfirmation c : records.checksOf(ids, phases)) {
            PhaseProgress progress = current.get(c.projectId());
            if (c.phase() == progress.phase() && c.iteration() >= windowStart(progress)) {
                confirmed
                        .computeIfAbsent(c.projectId(), id -> new LinkedHashMap<>())
                        .put(c.checkKey(), c);
            }
        }
        Map<String, List<Signoff>> signed = new HashMap<>();
        for (Signoff s : records.signoffsOf(ids, phases)) {
            PhaseProgress progress = current.get(s.projectId());
            if (s.phase() == progress.phase() && s.iteration() == progress.iteration()) {
                signed.computeIfAbsent(s.projectId(), id -> new ArrayList<>()).add(s);
            }
        }
        Map<String, GateStatus> statuses = new HashMap<>();
        for (Project project : projects) {
            String id = project.id();
            Evidence evidence = new Evidence(
                    current.get(id),
                    delivered.getOrDefault(id, Map.of()),
                    confirmed.getOrDefault(id, Map.of()),
                    signed.getOrDefault(id, List.of()));
            statuses.put(id, status(project, evidence));
        }
        return statuses;
    }

    private static int windowStart(PhaseProgress progress) {
        return Math.max(progress.evidenceFromIteration(), 1);
    }

    GateStatus status(Project project, Evidence evidence) {
        PhaseProgress progress = evidence.progress();
        List<String> missingDeliverables = catalogue.requiredDeliverables(progress.phase()).stream()
                .filter(type -> !evidence.deliverables().containsKey(type))
                .toList();
        List<String> pendingChecks = progress.requiredChecks().stream()
                .filter(key -> {
                    CheckConfirmation c = evidence.checks().get(key);
                    return c == null || !c.confirmed();
                })
                .toList();
        Set<String> approvedFunctions = evidence.signoffs().stream()
                .filter(Signoff::approved)
                .map(Signoff::function)
                .collect(Collectors.toSet());
        List<String> pendingSignoffs = progress.requiredSignoffs().stream()
                .filter(function -> !approvedFunctions.contains(function))
                .toList();
        List<String> unmetKpis = progress.phase() == Phase.VALIDATION
                ? unmetKpis(project.kpis(), evidence.deliverables().get(TEST_REPORT))
                : List.of();
        return new GateStatus(progress.phase(), missingDeliverables, pendingChecks, pendingSignoffs, unmetKpis);
    }

    /** A KPI is met only when the test report carries a measured value for it that meets the target. */
    static List<String> unmetKpis(List<Kpi> kpis, Deliverable testReport) {
        Map<String, Double> measured = testReport == null ? Map.of() : testReport.metrics();
        return kpis.stream()
                .filter(kpi -> {
                    Double value = measured.get(kpi.metric());
                    return value == null || !kpi.isMetBy(value);
                })
                .map(Kpi::metric)
                .toList();
    }

    /** The evidence a gate is judged on. */
    public record Evidence(
            PhaseProgress progress,
            Map<String, Deliverable> deliverables,
            Map<String, CheckConfirmation> checks,
            List<Signoff> signoffs) {}
}

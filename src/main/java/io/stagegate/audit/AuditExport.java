package io.stagegate.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stagegate.audit.AuditFileRepository.CheckRow;
import io.stagegate.audit.AuditFileRepository.DecisionRow;
import io.stagegate.audit.AuditFileRepository.DeliverableRow;
import io.stagegate.lifecycle.Catalogue;
import io.stagegate.lifecycle.Kpi;
import io.stagegate.lifecycle.Phase;
import io.stagegate.lifecycle.Project;
import io.stagegate.lifecycle.ProjectRepository;
import io.stagegate.lifecycle.Refusal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Puts together the audit file of one project: its chain with the state of that chain, every gate decision with
 * the evidence it was taken on, every deliverable version with its hash, the KPI results per decision and the
 * controls each confirmed check stands for. Names follow the language asked for; keys stay as stored.
 */
@Component
class AuditExport {

    private final ProjectRepository projects;
    private final AuditRepository events;
    private final AuditLog log;
    private final AuditFileRepository records;
    private final Catalogue catalogue;
    private final ObjectMapper json;

    AuditExport(
            ProjectRepository projects,
            AuditRepository events,
            AuditLog log,
            AuditFileRepository records,
            Catalogue catalogue,
            ObjectMapper json) {
        this.projects = projects;
        this.events = events;
        this.log = log;
        this.records = records;
        this.catalogue = catalogue;
        this.json = json;
    }

    @Transactional(readOnly = true)
    AuditFile of(String projectId, String exportedBy, Locale locale) {
        Project project = projects.findById(projectId).orElseThrow(() -> Refusal.notFound("No project " + projectId));
        List<AuditEvent> chain = events.chain(projectId);
        List<Decision> decisions = new ArrayList<>();
        List<KpiResult> kpiResults = new ArrayList<>();
        for (DecisionRow row : records.decisions(projectId)) {
            JsonNode evidence = read(row.evidenceJson());
            decisions.add(new Decision(
                    row.id(),
                    row.phase(),
                    phaseName(row.phase(), locale),
                    row.iteration(),
                    row.decision(),
                    row.loopTo(),
                    row.comment(),
                    row.decidedBy(),
                    row.decidedAt(),
                    evidence));
            kpiResults.addAll(kpiResults(row, phaseName(row.phase(), locale), evidence));
        }
        List<Deliverable> deliverables = records.deliverables(projectId).stream()
                .map(d -> new Deliverable(d, phaseName(d.phase(), locale), deliverableName(d.type(), locale)))
                .toList();
        List<ControlMapping> controls = records.confirmedChecks(projectId).stream()
                .map(check -> controlMapping(check, locale))
                .toList();
        return new AuditFile(
                Instant.now(),
                exportedBy,
                locale.toLanguageTag(),
                new ProjectSummary(
                        project.id(),
                        project.name(),
                        project.profile().industry().name(),
                        project.status().name(),
                        project.currentPhase() == null
                                ? null
                                : project.currentPhase().name(),
                        project.currentPhase() == null
                                ? null
                                : phaseName(project.currentPhase().name(), locale),
                        project.createdBy(),
                        project.createdAt(),
                        project.kpis()),
                log.chainState(chain),
                chain.stream().map(this::historyEntry).toList(),
                decisions,
                deliverables,
                kpiResults,
                controls);
    }

    /**
     * Per decision and KPI: the value the decision's evidence measured (the newest report carrying it) and whether
     * the gate counted it as met; neither where the phase's evidence measured nothing.
     */
    private List<KpiResult> kpiResults(DecisionRow row, String phaseName, JsonNode evidence) {
        Set<String> unmet = new HashSet<>();
        evidence.path("unmetKpis").forEach(metric -> unmet.add(metric.asText()));
        List<KpiResult> results = new ArrayList<>();
        for (JsonNode kpi : evidence.path("kpis")) {
            String metric = kpi.path("metric").asText();
            Double measured = null;
            for (JsonNode deliverable : evidence.path("deliverables")) {
                JsonNode value = deliverable.path("metrics").path(metric);
                if (value.isNumber()) {
                    measured = value.asDouble();
                }
            }
            results.add(new KpiResult(
                    row.id(),
                    row.phase(),
                    phaseName,
                    row.iteration(),
                    metric,
                    kpi.path("target").asDouble(),
                    kpi.path("unit").asText(null),
                    kpi.path("direction").asText(null),
                    measured,
                    unmet.contains(metric) ? Boolean.FALSE : measured == null ? null : Boolean.TRUE));
        }
        return results;
    }

    private ControlMapping controlMapping(CheckRow check, Locale locale) {
        Catalogue.CheckEntry entry = catalogue.check(check.checkKey()).orElse(null);
        return new ControlMapping(
                check.phase(),
                phaseName(check.phase(), locale),
                check.iteration(),
                check.checkKey(),
                entry == null ? check.checkKey() : Catalogue.localized(entry.name(), locale),
                entry == null ? List.of() : entry.controls(),
                check.evidence(),
                check.confirmedBy(),
                check.confirmedAt());
    }

    private HistoryEntry historyEntry(AuditEvent e) {
        return new HistoryEntry(
                e.seq(), e.at(), e.actor(), e.type(), e.phase(), read(e.detailsJson()), e.hash(), e.previousHash());
    }

    private String phaseName(String phase, Locale locale) {
        try {
            Catalogue.PhaseEntry entry = catalogue.phase(Phase.valueOf(phase));
            return entry == null ? phase : Catalogue.localized(entry.name(), locale);
        } catch (IllegalArgumentException unknown) {
            return phase;
        }
    }

    private String deliverableName(String type, Locale locale) {
        return catalogue
                .deliverable(type)
                .map(entry -> Catalogue.localized(entry.name(), locale))
                .orElse(type);
    }

    private JsonNode read(String text) {
        try {
            return json.readTree(text);
        } catch (Exception unreadable) {
            return json.getNodeFactory().textNode(text);
        }
    }

    record AuditFile(
            Instant exportedAt,
            String exportedBy,
            String language,
            ProjectSummary project,
            AuditLog.ChainState chain,
            List<HistoryEntry> history,
            List<Decision> gateDecisions,
            List<Deliverable> deliverables,
            List<KpiResult> kpiResults,
            List<ControlMapping> controls) {}

    record ProjectSummary(
            String id,
            String name,
            String industry,
            String status,
            String currentPhase,
            String currentPhaseName,
            String createdBy,
            Instant createdAt,
            List<Kpi> kpis) {}

    record HistoryEntry(
            long seq,
            Instant at,
            String actor,
            String type,
            String phase,
            JsonNode details,
            String hash,
            String previousHash) {}

    record Decision(
            String id,
            String phase,
            String phaseName,
            int iteration,
            String decision,
            String loopTo,
            String comment,
            String decidedBy,
            Instant decidedAt,
            JsonNode evidence) {}

    record Deliverable(
            String id,
            String phase,
            String phaseName,
            String type,
            String typeName,
            int version,
            int iteration,
            String title,
            String uri,
            String sha256,
            Long sizeBytes,
            String mediaType,
            String fileName,
            String submittedBy,
            Instant submittedAt) {

        Deliverable(DeliverableRow d, String phaseName, String typeName) {
            this(
                    d.id(),
                    d.phase(),
                    phaseName,
                    d.type(),
                    typeName,
                    d.version(),
                    d.iteration(),
                    d.title(),
                    d.uri(),
                    d.sha256(),
                    d.sizeBytes(),
                    d.mediaType(),
                    d.fileName(),
                    d.submittedBy(),
                    d.submittedAt());
        }
    }

    record KpiResult(
            String decisionId,
            String phase,
            String phaseName,
            int iteration,
            String metric,
            double target,
            String unit,
            String direction,
            Double measured,
            Boolean met) {}

    record ControlMapping(
            String phase,
            String phaseName,
            int iteration,
            String checkKey,
            String checkName,
            List<String> controls,
            String evidence,
            String confirmedBy,
            Instant confirmedAt) {}
}

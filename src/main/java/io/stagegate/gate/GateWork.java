package io.stagegate.gate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stagegate.deliverable.Deliverable;
import io.stagegate.gate.GateEvents.GateDecided;
import io.stagegate.gate.GateEvents.RiskAccepted;
import io.stagegate.gate.GateEvents.SignoffGiven;
import io.stagegate.gate.GateEvents.ValidationLooped;
import io.stagegate.gate.GateRecords.GateDecisionRecord;
import io.stagegate.gate.GateRecords.Signoff;
import io.stagegate.lifecycle.Actor;
import io.stagegate.lifecycle.LifecycleEvents.PhaseEntered;
import io.stagegate.lifecycle.LifecycleEvents.PhaseReturnedToPreparation;
import io.stagegate.lifecycle.LifecycleEvents.PhaseSubmitted;
import io.stagegate.lifecycle.Phase;
import io.stagegate.lifecycle.PhaseProgress;
import io.stagegate.lifecycle.PhaseState;
import io.stagegate.lifecycle.Project;
import io.stagegate.lifecycle.ProjectRepository;
import io.stagegate.lifecycle.Refusal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/**
 * What happens at a gate once the engine lets a task complete or an activity run: the rules are checked again
 * under the project's row lock (whatever channel the completion came through), then the outcome is recorded in
 * Stagegate's tables, which the process's gateways read. Called only from the engine's listeners and delegates.
 */
@Service
class GateWork {

    private final ProjectRepository projects;
    private final GateKeeper keeper;
    private final GateInspection inspection;
    private final GatePolicies policies;
    private final GateRepository records;
    private final ApplicationEventPublisher events;
    private final ObjectMapper json;

    GateWork(
            ProjectRepository projects,
            GateKeeper keeper,
            GateInspection inspection,
            GatePolicies policies,
            GateRepository records,
            ApplicationEventPublisher events,
            ObjectMapper json) {
        this.projects = projects;
        this.keeper = keeper;
        this.inspection = inspection;
        this.policies = policies;
        this.records = records;
        this.events = events;
        this.json = json;
    }

    void openPhase(String projectId, Phase phase, String actor) {
        Project project = lock(projectId);
        PhaseProgress current = projects.phase(projectId, phase);
        project.enter(phase);
        GatePolicies.Requirements requirements = policies.requirements(project, phase);
        PhaseProgress entered = current.entered(requirements.checks(), requirements.signoffs(), requirements.policy());
        projects.save(entered);
        projects.save(project);
        events.publishEvent(new PhaseEntered(
                projectId,
                actor,
                phase,
                entered.iteration(),
                entered.requiredChecks(),
                entered.requiredSignoffs(),
                entered.policy()));
    }

    void submit(String projectId, Actor actor) {
        Project project = lock(projectId);
        PhaseProgress progress = projects.phase(projectId, project.currentPhase());
        keeper.checkSubmission(project, progress, actor);
        PhaseProgress submitted = progress.submitted(actor.userId(), Instant.now());
        projects.save(submitted);
        project.moveTo(PhaseState.AWAITING_SIGNOFF);
        projects.save(project);
        events.publishEvent(new PhaseSubmitted(projectId, actor.userId(), progress.phase(), progress.iteration()));
    }

    void signoff(String projectId, String function, String decision, String comment, Actor actor) {
        Project project = lock(projectId);
        PhaseProgress progress = projects.phase(projectId, project.currentPhase());
        keeper.checkSignoff(project, progress, function, decision, comment, actor);
        records.insert(new Signoff(
                UUID.randomUUID().toString(),
                projectId,
                progress.phase(),
                progress.iteration(),
                function,
                decision,
                comment,
                actor.userId(),
                Instant.now()));
        events.publishEvent(new SignoffGiven(
                projectId, actor.userId(), progress.phase(), progress.iteration(), function, decision, comment));
    }

    /** The last required sign-off is in: the phase now waits for its gate review. */
    void awaitGate(String projectId) {
        Project project = lock(projectId);
        PhaseProgress progress = projects.phase(projectId, project.currentPhase());
        projects.save(progress.in(PhaseState.AWAITING_GATE));
        project.moveTo(PhaseState.AWAITING_GATE);
        projects.save(project);
    }

    void decide(String projectId, GateDecision decision, Phase loopTo, String comment, Actor actor) {
        Project project = lock(projectId);
        PhaseProgress progress = projects.phase(projectId, project.currentPhase());
        Phase target = decision == GateDecision.LOOP ? (loopTo == null ? Phase.MODEL : loopTo) : null;
        GateInspection.Evidence evidence = keeper.checkDecision(
                project,
                progress,
                decision,
                target,
                comment,
                actor,
                EvidenceHandOver.take(progress).orElseGet(() -> inspection.evidence(project, progress)));
        GateStatus status = inspection.status(project, evidence);
        String decisionId = UUID.randomUUID().toString();
        records.insert(new GateDecisionRecord(
                decisionId,
                projectId,
                progress.phase(),
                progress.iteration(),
                decision.name(),
                target == null ? null : target.name(),
                comment,
                actor.userId(),
                Instant.now(),
                evidenceJson(project, evidence, status, actor)));
        PhaseState after =
                switch (decision) {
                    case APPROVE, ACCEPT_RISK -> PhaseState.PASSED;
                    case LOOP -> PhaseState.NOT_STARTED;
                    case REJECT, CANCEL -> PhaseState.AWAITING_GATE;
                };
        projects.save(progress.decided(decision.name(), target == null ? null : target.name(), after));
        if (decision == GateDecision.LOOP) {
            project.countValidationLoop();
            events.publishEvent(new ValidationLooped(
                    projectId, actor.userId(), progress.phase(), target.name(), project.validationLoops()));
        }
        if (decision == GateDecision.ACCEPT_RISK) {
            events.publishEvent(
                    new RiskAccepted(projectId, actor.userId(), progress.phase(), status.unmetKpis(), comment));
        }
        if (decision != GateDecision.REJECT && decision != GateDecision.CANCEL) {
            project.moveTo(after);
        }
        projects.save(project);
        events.publishEvent(new GateDecided(
                projectId,
                actor.userId(),
                progress.phase(),
                progress.iteration(),
                decision.name(),
                target == null ? null : target.name(),
                comment,
                decisionId,
                status.unmetKpis()));
    }

    void returnToPreparation(String projectId, String cause, String actor) {
        Project project = lock(projectId);
        PhaseProgress progress = projects.phase(projectId, project.currentPhase());
        PhaseProgress returned = progress.returnedToPreparation();
        projects.save(returned);
        project.moveTo(PhaseState.IN_PREPARATION);
        projects.save(project);
        events.publishEvent(
                new PhaseReturnedToPreparation(projectId, actor, progress.phase(), returned.iteration(), cause));
    }

    private Project lock(String projectId) {
        return projects.lock(projectId).orElseThrow(() -> Refusal.notFound("No project " + projectId));
    }

    /** The decision record: exactly which evidence, sign-offs and policy the gate was decided on. */
    private String evidenceJson(Project project, GateInspection.Evidence evidence, GateStatus status, Actor actor) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("decidedBy", actor.userId());
        record.put("phase", evidence.progress().phase());
        record.put("iteration", evidence.progress().iteration());
        record.put("policy", evidence.progress().policy());
        record.put(
                "deliverables",
                evidence.deliverables().values().stream()
                        .map(GateWork::deliverableRef)
                        .toList());
        record.put(
                "checks",
                evidence.progress().requiredChecks().stream()
                        .map(key -> {
                            var confirmation = evidence.checks().get(key);
                            Map<String, Object> check = new LinkedHashMap<>();
                            check.put("key", key);
                            check.put("confirmed", confirmation != null && confirmation.confirmed());
                            check.put("evidence", confirmation == null ? null : confirmation.evidence());
                            check.put("confirmedBy", confirmation == null ? null : confirmation.confirmedBy());
                            return check;
                        })
                        .toList());
        record.put("signoffs", evidence.signoffs());
        record.put("kpis", project.kpis());
        record.put("unmetKpis", status.unmetKpis());
        try {
            return json.writeValueAsString(record);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> deliverableRef(Deliverable d) {
        Map<String, Object> ref = new LinkedHashMap<>();
        ref.put("id", d.id());
        ref.put("type", d.type());
        ref.put("version", d.version());
        ref.put("sha256", d.sha256());
        ref.put("metrics", d.metrics());
        return ref;
    }

    List<String> requiredSignoffs(String projectId) {
        Project project = projects.findById(projectId).orElseThrow();
        return projects.phase(projectId, project.currentPhase()).requiredSignoffs();
    }
}

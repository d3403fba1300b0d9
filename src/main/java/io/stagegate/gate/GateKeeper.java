package io.stagegate.gate;

import io.stagegate.gate.GateRecords.Signoff;
import io.stagegate.lifecycle.Actor;
import io.stagegate.lifecycle.Phase;
import io.stagegate.lifecycle.PhaseProgress;
import io.stagegate.lifecycle.PhaseState;
import io.stagegate.lifecycle.Project;
import io.stagegate.lifecycle.ProjectStatus;
import io.stagegate.lifecycle.Refusal;
import io.stagegate.security.FunctionGroups;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The gate rules, as one set of checks that both the engine's task listeners and the API run. Each method throws
 * a {@link Refusal} naming what is wrong, or returns quietly.
 */
@Component
public class GateKeeper {

    private final GateInspection inspection;
    private final FunctionGroups functionGroups;
    private final GateProperties properties;

    GateKeeper(GateInspection inspection, FunctionGroups functionGroups, GateProperties properties) {
        this.inspection = inspection;
        this.functionGroups = functionGroups;
        this.properties = properties;
    }

    public void checkContributor(Project project, Actor actor) {
        if (!actor.isMember(Actor.CONTRIBUTOR)) {
            throw Refusal.forbidden("Only the project team (group contributor) prepares a phase");
        }
        if (!project.acceptsContributor(actor.userId())) {
            throw Refusal.forbidden("User " + actor.userId() + " is not a member of this project's team");
        }
    }

    public void checkState(Project project, Phase phase, PhaseState expected) {
        if (!project.status().isOpen()) {
            throw Refusal.conflict("Project is " + project.status());
        }
        if (project.currentPhase() != phase || project.phaseState() != expected) {
            throw Refusal.conflict("Phase " + phase + " is not " + expected + " (project is at "
                    + project.currentPhase() + " / " + project.phaseState() + ")");
        }
        if (project.status() == ProjectStatus.OPERATING && project.phaseState() == PhaseState.PASSED) {
            throw Refusal.conflict("Project is operating; no phase is being worked");
        }
    }

    public void checkSubmission(Project project, PhaseProgress progress, Actor actor) {
        checkState(project, progress.phase(), PhaseState.IN_PREPARATION);
        checkContributor(project, actor);
        List<String> missing = inspection.status(project, progress).missingForSubmission();
        if (!missing.isEmpty()) {
            throw Refusal.gateConditionsNotMet(
                    "Phase " + progress.phase() + " cannot be submitted while outputs or checks are missing", missing);
        }
    }

    public void checkSignoff(
            Project project, PhaseProgress progress, String function, String decision, String comment, Actor actor) {
        checkState(project, progress.phase(), PhaseState.AWAITING_SIGNOFF);
        if (!"APPROVE".equals(decision) && !"REJECT".equals(decision)) {
            throw Refusal.badRequest("decision", "decision must be APPROVE or REJECT");
        }
        if ("REJECT".equals(decision) && (comment == null || comment.isBlank())) {
            throw Refusal.badRequest("comment", "a rejection needs a comment for the team");
        }
        String group = functionGroups
                .groupOf(function)
                .orElseThrow(() -> Refusal.notFound("No sign-off function " + function));
        if (!progress.requiredSignoffs().contains(function)) {
            throw Refusal.unprocessable("Gate " + progress.phase() + " does not require a " + function + " sign-off");
        }
        if (!actor.isMember(group)) {
            throw Refusal.forbidden(function + " sign-offs are given by members of group " + group);
        }
        if (actor.userId().equals(progress.submittedBy())) {
            throw Refusal.forbidden("Four-eyes: " + actor.userId() + " submitted this phase and cannot sign it off");
        }
        List<Signoff> given = inspection.evidence(project, progress).signoffs();
        if (given.stream().anyMatch(s -> s.signedBy().equals(actor.userId()))) {
            throw Refusal.forbidden("Four-eyes: " + actor.userId() + " already signed off this gate");
        }
        if (given.stream().anyMatch(s -> s.function().equals(function))) {
            throw Refusal.conflict("The " + function + " sign-off for this gate is already given");
        }
    }

    public GateInspection.Evidence checkDecision(
            Project project, PhaseProgress progress, GateDecision decision, Phase loopTo, String comment, Actor actor) {
        checkState(project, progress.phase(), PhaseState.AWAITING_GATE);
        if (!actor.isMember(Actor.PMO)) {
            throw Refusal.forbidden("Gate decisions are taken by the PMO (group pmo)");
        }
        return checkDecision(
                project, progress, decision, loopTo, comment, actor, inspection.evidence(project, progress));
    }

    /**
     * The decision rules judged on evidence already read under the project's lock in this transaction; answers that
     * evidence, so the caller records what was judged without reading it again.
     */
    GateInspection.Evidence checkDecision(
            Project project,
            PhaseProgress progress,
            GateDecision decision,
            Phase loopTo,
            String comment,
            Actor actor,
            GateInspection.Evidence evidence) {
        checkState(project, progress.phase(), PhaseState.AWAITING_GATE);
        if (!actor.isMember(Actor.PMO)) {
            throw Refusal.forbidden("Gate decisions are taken by the PMO (group pmo)");
        }
        if (actor.userId().equals(progress.submittedBy())
                || evidence.signoffs().stream().anyMatch(s -> s.signedBy().equals(actor.userId()))) {
            throw Refusal.forbidden(
                    "Four-eyes: " + actor.userId() + " submitted or signed off this phase and cannot decide its gate");
        }
        if (!decision.allowedAt(progress.phase())) {
            throw Refusal.unprocessable(decision + " is only possible at the VALIDATION gate");
        }
        if (decision == GateDecision.CANCEL && project.status() == ProjectStatus.OPERATING) {
            // a re-iteration of an operating project: its live version keeps serving until it is retired
            throw Refusal.unprocessable(
                    "An operating project is not cancelled at a gate; reject the gate or retire the project");
        }
        switch (decision) {
            case APPROVE -> {
                List<String> missing = inspection.status(project, evidence).missingForApproval();
                if (!missing.isEmpty()) {
                    throw Refusal.gateConditionsNotMet(
                            "Gate " + progress.phase() + " cannot open while conditions are unmet", missing);
                }
            }
            case LOOP -> {
                if (loopTo != Phase.MODEL && loopTo != Phase.DATA) {
                    throw Refusal.badRequest("loopTo", "loopTo must be MODEL or DATA");
                }
                if (project.validationLoops() >= properties.validationLoopCap()) {
                    throw Refusal.unprocessable("The loop cap of " + properties.validationLoopCap()
                            + " is reached; only ACCEPT_RISK, REJECT or CANCEL remain");
                }
            }
            case ACCEPT_RISK -> {
                if (comment == null || comment.isBlank()) {
                    throw Refusal.badRequest("comment", "accepting a risk needs a written reason");
                }
            }
            default -> {}
        }
        return evidence;
    }
}

package io.stagegate.demo;

import io.stagegate.deliverable.DeliverableManagement;
import io.stagegate.deliverable.DeliverableManagement.Registration;
import io.stagegate.gate.GateDecision;
import io.stagegate.gate.GateManagement;
import io.stagegate.lifecycle.Actor;
import io.stagegate.lifecycle.Catalogue;
import io.stagegate.lifecycle.Phase;
import io.stagegate.lifecycle.PhaseProgress;
import io.stagegate.lifecycle.Project;
import io.stagegate.lifecycle.ProjectRepository;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Walks a project through its gates as the demo users would: the team registers every required output and
 * confirms every check, a member of each function's group signs off, a PMO member who took no part decides.
 */
@Component
public class LifecycleWalker {

    public static final Actor DEV = new Actor("dev", List.of("contributor"));
    public static final Actor PMO = new Actor("pmo", List.of("pmo"));
    public static final Map<String, Actor> SIGNERS = Map.of(
            "BUSINESS", new Actor("biz", List.of("business")),
            "TECHNOLOGY", new Actor("tech", List.of("technology")),
            "COMPLIANCE", new Actor("comp", List.of("compliance")));

    private final ProjectRepository projects;
    private final DeliverableManagement deliverables;
    private final GateManagement gates;
    private final Catalogue catalogue;

    LifecycleWalker(
            ProjectRepository projects, DeliverableManagement deliverables, GateManagement gates, Catalogue catalogue) {
        this.projects = projects;
        this.deliverables = deliverables;
        this.gates = gates;
        this.catalogue = catalogue;
    }

    /** Registers the phase's outputs (test reports with the given metrics) and confirms its checks. */
    public void prepare(String projectId, Map<String, Double> measured) {
        Project project = projects.findById(projectId).orElseThrow();
        Phase phase = project.currentPhase();
        for (String type : catalogue.requiredDeliverables(phase)) {
            boolean report = type.equals("test-report") || type.equals("evaluation-report");
            byte[] content = (type + " for " + project.name() + ", " + phase).getBytes(StandardCharsets.UTF_8);
            deliverables.register(
                    projectId,
                    new Registration(
                            phase,
                            type,
                            catalogue.deliverable(type).orElseThrow().name().get("en"),
                            null,
                            null,
                            report ? measured : Map.of(),
                            content,
                            "text/plain",
                            type + ".txt"),
                    DEV);
        }
        PhaseProgress progress = projects.phase(projectId, phase);
        for (String check : progress.requiredChecks()) {
            gates.confirmCheck(projectId, phase, check, true, "Confirmed in the demo walk-through", DEV);
        }
    }

    public void submitAndSignOff(String projectId) {
        Phase phase = projects.findById(projectId).orElseThrow().currentPhase();
        gates.submit(projectId, phase, DEV);
        for (String function : projects.phase(projectId, phase).requiredSignoffs()) {
            gates.signoff(projectId, phase, function, "APPROVE", "Looks complete", SIGNERS.get(function));
        }
    }

    public void decide(String projectId, GateDecision decision, Phase loopTo, String comment) {
        Phase phase = projects.findById(projectId).orElseThrow().currentPhase();
        gates.decide(projectId, phase, decision, loopTo, comment, PMO);
    }

    /** Takes the current phase all the way through an approved gate. */
    public void pass(String projectId, Map<String, Double> measured) {
        prepare(projectId, measured);
        submitAndSignOff(projectId);
        decide(projectId, GateDecision.APPROVE, null, "Gate conditions met");
    }
}

package io.stagegate.deliverable;

import io.stagegate.lifecycle.Actor;
import io.stagegate.lifecycle.Catalogue;
import io.stagegate.lifecycle.Phase;
import io.stagegate.lifecycle.PhaseProgress;
import io.stagegate.lifecycle.PhaseState;
import io.stagegate.lifecycle.Project;
import io.stagegate.lifecycle.ProjectRepository;
import io.stagegate.lifecycle.ProjectStatus;
import io.stagegate.lifecycle.Refusal;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Registers phase outputs under the project's row lock, so a registration never races a submission. */
@Service
public class DeliverableManagement {

    /** Routine operation artifacts an operating project may version at any time, without revalidation. */
    static final Set<String> ROUTINE_OPERATION_TYPES =
            Set.of("knowledge-base-index", "optimization-log", "operations-manual");

    private final ProjectRepository projects;
    private final DeliverableRepository deliverables;
    private final Catalogue catalogue;
    private final ApplicationEventPublisher events;

    DeliverableManagement(
            ProjectRepository projects,
            DeliverableRepository deliverables,
            Catalogue catalogue,
            ApplicationEventPublisher events) {
        this.projects = projects;
        this.deliverables = deliverables;
        this.catalogue = catalogue;
        this.events = events;
    }

    /** What a registration carries; {@code content} is null for a reference to an external artifact. */
    public record Registration(
            Phase phase,
            String type,
            String title,
            String uri,
            String sha256,
            Map<String, Double> metrics,
            byte[] content,
            String mediaType,
            String fileName) {}

    @Transactional
    public Deliverable register(String projectId, Registration registration, Actor actor) {
        Project project = projects.lock(projectId).orElseThrow(() -> Refusal.notFound("No project " + projectId));
        requireContributor(project, actor);
        Phase owner = catalogue
                .phaseOfDeliverable(registration.type())
                .orElseThrow(() -> Refusal.unprocessable("Unknown deliverable type '" + registration.type() + "'"));
        if (owner != registration.phase()) {
            throw Refusal.unprocessable("Deliverable type '" + registration.type() + "' belongs to phase " + owner
                    + ", not " + registration.phase());
        }
        PhaseProgress progress = projects.phase(projectId, registration.phase());
        boolean routine =
                project.status() == ProjectStatus.OPERATING && ROUTINE_OPERATION_TYPES.contains(registration.type());
        if (!routine) {
            requireInPreparation(project, registration.phase());
        }
        String sha256 =
                registration.content() == null ? registration.sha256().toLowerCase() : sha256(registration.content());
        Long size = registration.content() == null ? null : (long) registration.content().length;
        Deliverable deliverable = new Deliverable(
                UUID.randomUUID().toString(),
                projectId,
                registration.phase(),
                registration.type(),
                deliverables.nextVersion(projectId, registration.type()),
                Math.max(progress.iteration(), 1),
                registration.title(),
                registration.uri(),
                sha256,
                size,
                registration.mediaType(),
                registration.fileName(),
                registration.metrics(),
                actor.userId(),
                Instant.now());
        deliverables.insert(deliverable, registration.content());
        events.publishEvent(new DeliverableRegistered(
                projectId,
                actor.userId(),
                deliverable.phase(),
                deliverable.id(),
                deliverable.type(),
                deliverable.version(),
                deliverable.iteration(),
                deliverable.sha256(),
                deliverable.size(),
                deliverable.uri()));
        return deliverable;
    }

    @Transactional(readOnly = true)
    public DeliverablePage list(String projectId, Phase phase, int page, int size) {
        requireProject(projectId);
        return new DeliverablePage(
                deliverables.page(projectId, phase, page, size), deliverables.count(projectId, phase));
    }

    @Transactional(readOnly = true)
    public StoredContent content(String projectId, String deliverableId) {
        Deliverable deliverable = deliverables
                .find(projectId, deliverableId)
                .orElseThrow(() -> Refusal.notFound("No deliverable " + deliverableId + " in project " + projectId));
        byte[] bytes = deliverables
                .content(deliverableId)
                .orElseThrow(() -> Refusal.notFound(
                        "Deliverable " + deliverableId + " references an external artifact; it has no stored content"));
        return new StoredContent(deliverable, bytes);
    }

    public record StoredContent(Deliverable deliverable, byte[] bytes) {}

    public record DeliverablePage(List<Deliverable> items, long total) {}

    private void requireProject(String projectId) {
        if (projects.findById(projectId).isEmpty()) {
            throw Refusal.notFound("No project " + projectId);
        }
    }

    static void requireContributor(Project project, Actor actor) {
        if (!actor.isMember(Actor.CONTRIBUTOR)) {
            throw Refusal.forbidden("Only the project team (group contributor) registers evidence");
        }
        if (!project.acceptsContributor(actor.userId())) {
            throw Refusal.forbidden("User " + actor.userId() + " is not a member of this project's team");
        }
    }

    private static void requireInPreparation(Project project, Phase phase) {
        if (!project.status().isOpen()) {
            throw Refusal.conflict("Project is " + project.status());
        }
        if (project.currentPhase() != phase) {
            throw Refusal.conflict("Phase " + phase + " is not the phase in preparation (current phase: "
                    + project.currentPhase() + ")");
        }
        if (project.phaseState() != PhaseState.IN_PREPARATION) {
            throw Refusal.conflict("Phase " + phase + " is " + project.phaseState()
                    + "; its evidence is frozen until it returns to preparation");
        }
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

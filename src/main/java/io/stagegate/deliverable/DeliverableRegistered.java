package io.stagegate.deliverable;

import io.stagegate.lifecycle.Phase;
import io.stagegate.lifecycle.ProjectEvent;

public record DeliverableRegistered(
        String projectId,
        String actor,
        Phase phase,
        String deliverableId,
        String type,
        int version,
        int iteration,
        String sha256,
        Long size,
        String uri)
        implements ProjectEvent {}

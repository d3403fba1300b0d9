package io.stagegate.lifecycle;

import java.time.Instant;
import java.util.List;

/**
 * An open user task of a project, as the project view lists it. {@code function} is the sign-off function a
 * {@code sign-off} task was created for, recorded here because the task's own variables can be overwritten by a
 * completion. {@code overdueAt} is when the task was flagged overdue and escalated, null while it is not.
 */
public record OpenTask(
        String id,
        String projectId,
        String key,
        String name,
        Phase phase,
        String function,
        List<String> candidateGroups,
        Instant due,
        Instant createdAt,
        Instant overdueAt) {

    public OpenTask {
        candidateGroups = List.copyOf(candidateGroups);
    }
}

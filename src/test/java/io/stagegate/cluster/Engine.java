package io.stagegate.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** What Camunda's own REST API ({@code /engine-rest}, as {@code admin}) says about a project's process instances. */
final class Engine {

    private Engine() {}

    /** The ids of the waiting sign-off-overdue timer jobs of a project's current phase instance. */
    static List<String> signoffOverdueTimers(Client client, String projectId) {
        List<String> jobs = new ArrayList<>();
        for (String instance : instances(client, projectId)) {
            Client.Answer found = client.get(
                    "admin",
                    "/engine-rest/job?timers=true&activityId=Event_SignoffOverdue&processInstanceId=" + instance);
            assertThat(found.status()).as(found.raw()).isEqualTo(200);
            found.body().forEach(job -> jobs.add(job.path("id").asText()));
        }
        return jobs;
    }

    /** The ids of the active process instances with the project id as business key (lifecycle and phase). */
    static List<String> instances(Client client, String projectId) {
        Client.Answer found = client.get("admin", "/engine-rest/process-instance?businessKey=" + projectId);
        assertThat(found.status()).as(found.raw()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        found.body().forEach(instance -> ids.add(instance.path("id").asText()));
        return ids;
    }

    /** How often the engine executed a job successfully, from its job log. */
    static long successfulExecutions(Client client, String jobId) {
        Client.Answer log =
                client.get("admin", "/engine-rest/history/job-log/count?jobId=" + jobId + "&successLog=true");
        assertThat(log.status()).as(log.raw()).isEqualTo(200);
        return log.body().path("count").asLong();
    }

    /** The engine's open user tasks of a project, as "taskDefinitionKey:taskId". */
    static TreeSet<String> openTasks(Client client, String projectId) {
        Client.Answer tasks =
                client.post("admin", "/engine-rest/task", Map.of("processInstanceBusinessKey", projectId));
        assertThat(tasks.status()).as(tasks.raw()).isEqualTo(200);
        TreeSet<String> open = new TreeSet<>();
        for (JsonNode task : tasks.body()) {
            open.add(task.path("taskDefinitionKey").asText() + ":"
                    + task.path("id").asText());
        }
        return open;
    }
}

package io.stagegate.cluster;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Spring properties that make the replicas' background work fast enough for a test, passed as command-line
 * arguments: the job executor polls every half second instead of backing off to a minute when idle, and a job locked
 * by a killed replica is released after 20 s instead of 5 min; the webhook dispatcher polls every 200 ms and retries
 * after 300 ms, doubling up to 2 s, and a claim left by a killed replica expires after 15 s.
 */
final class ClusterSettings {

    private ClusterSettings() {}

    static Map<String, String> fastJobs() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("camunda.bpm.job-execution.wait-time-in-millis", "500");
        properties.put("camunda.bpm.job-execution.max-wait", "1000");
        properties.put("camunda.bpm.job-execution.lock-time-in-millis", "20000");
        return properties;
    }

    /** {@link #fastJobs()} plus fast webhook retries to receivers on 127.0.0.1. */
    static Map<String, String> fastWebhooks() {
        Map<String, String> properties = fastJobs();
        properties.put("stagegate.webhooks.allowed-hosts", "127.0.0.1");
        properties.put("stagegate.webhooks.poll-interval", "200ms");
        properties.put("stagegate.webhooks.initial-backoff", "300ms");
        properties.put("stagegate.webhooks.max-backoff", "2s");
        properties.put("stagegate.webhooks.connect-timeout", "1s");
        properties.put("stagegate.webhooks.read-timeout", "2s");
        properties.put("stagegate.webhooks.claim-for", "15s");
        return properties;
    }
}

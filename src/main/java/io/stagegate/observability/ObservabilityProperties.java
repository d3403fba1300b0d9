package io.stagegate.observability;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code stagegate.observability}.
 *
 * @param gaugeRefresh how old the counts behind the read-model gauges (open tasks, projects, webhook backlog) may
 *     be: one grouped query per table refreshes them at most this often, however often Prometheus scrapes and
 *     however many series they have
 * @param jobShutdownGrace how long shutdown waits for jobs that Camunda's job executor is running
 */
@ConfigurationProperties("stagegate.observability")
record ObservabilityProperties(
        @DefaultValue("15s") Duration gaugeRefresh, @DefaultValue("30s") Duration jobShutdownGrace) {}

package io.stagegate.operation;

import java.time.Period;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Operation defaults: how often the knowledge base is refreshed and the PMO reviews operation (both changeable per
 * project by the PMO), and how long a refresh may run late before it is escalated to the PMO.
 */
@ConfigurationProperties("stagegate.operation")
public record OperationProperties(
        @DefaultValue("P1M") Period refreshCycle,
        @DefaultValue("P3M") Period reviewPeriod,
        @DefaultValue("P7D") Period refreshGrace) {}

package io.stagegate.web;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** How long an {@code Idempotency-Key} is remembered (default 24 hours). */
@ConfigurationProperties("stagegate.idempotency")
public record IdempotencyProperties(@DefaultValue("24h") Duration retention) {}

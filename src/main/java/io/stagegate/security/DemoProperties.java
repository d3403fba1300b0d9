package io.stagegate.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The demo switch ({@code stagegate.demo.enabled}, env {@code STAGEGATE_DEMO_ENABLED}). Its default depends on the
 * profiles and is set by {@link DemoModeEnvironment}, which also refuses the demo together with {@code prod}.
 *
 * @param enabled whether the demo users of the product specification exist
 * @param password the demo users' password
 */
@ConfigurationProperties(prefix = "stagegate.demo")
record DemoProperties(boolean enabled, @DefaultValue("demo") String password) {}

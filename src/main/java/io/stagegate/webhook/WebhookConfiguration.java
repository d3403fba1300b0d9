package io.stagegate.webhook;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The target policy with real DNS, and the key for subscription secrets; both fail the start if misconfigured. */
@Configuration(proxyBeanMethods = false)
class WebhookConfiguration {

    @Bean
    WebhookTargets webhookTargets(WebhookProperties properties) {
        return WebhookTargets.withDns(properties.allowedHosts());
    }

    @Bean
    WebhookKey webhookKey(WebhookProperties properties) {
        return WebhookKey.from(properties);
    }
}

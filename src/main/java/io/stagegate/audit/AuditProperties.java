package io.stagegate.audit;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the chain key comes from: {@code stagegate.audit.hmac-key} (env {@code STAGEGATE_AUDIT_HMAC_KEY}, at least
 * 32 characters; in Kubernetes a secret) or else a key file outside the database, created on first start.
 */
@ConfigurationProperties("stagegate.audit")
public record AuditProperties(String hmacKey, @DefaultValue("./data/audit-hmac.key") String keyFile) {}

package io.stagegate.security;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Tuning of HTTP Basic authentication.
 *
 * @param authenticationCacheTtl how long a successful Basic authentication is reused without asking the identity
 *     service again; also how long a changed password or group membership may take to apply to the REST APIs
 * @param authenticationCacheSize the most cached authentications kept at once
 * @param realm the realm named in {@code WWW-Authenticate}
 * @param loginMaxFailures failed Basic logins in a row (per user and client address) after which that pair is locked
 * @param loginFailureWindow how long failures are counted together; an older first failure starts the count anew
 * @param loginLockDuration how long the pair stays locked; answers meanwhile are 429 with {@code Retry-After}
 */
@ConfigurationProperties(prefix = "stagegate.security")
record StagegateSecurityProperties(
        @DefaultValue("60s") Duration authenticationCacheTtl,
        @DefaultValue("10000") int authenticationCacheSize,
        @DefaultValue("stagegate") String realm,
        @DefaultValue("5") int loginMaxFailures,
        @DefaultValue("10m") Duration loginFailureWindow,
        @DefaultValue("10m") Duration loginLockDuration) {}

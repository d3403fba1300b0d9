package io.stagegate.audit;

import io.stagegate.lifecycle.ProjectEvent;

/**
 * Published right after a project event became a link of its chain, in the same transaction: carries the link's
 * sequence number, so that subscribers (webhooks) can tell receivers where in the project's history it stands.
 */
public record AuditEventRecorded(ProjectEvent source, long projectSeq, java.time.Instant at) {}

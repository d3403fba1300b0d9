package io.stagegate.audit;

import io.stagegate.lifecycle.Actor;
import java.util.Collection;

/** Who may read the audit log, its verification and the audit files — one rule for the API and for Cockpit. */
public final class AuditReaders {

    static final String AUDITOR = "auditor";

    private AuditReaders() {}

    public static boolean mayRead(Collection<String> groups) {
        return groups != null && (groups.contains(AUDITOR) || groups.contains(Actor.PMO));
    }
}

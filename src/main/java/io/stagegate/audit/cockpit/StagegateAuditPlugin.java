package io.stagegate.audit.cockpit;

import java.util.Set;
import org.camunda.bpm.cockpit.plugin.spi.impl.AbstractCockpitPlugin;

/**
 * Registers the auditors' view with Cockpit (found through {@code META-INF/services}). Cockpit then loads the
 * plugin's script from {@code /camunda/api/cockpit/plugin/stagegate-audit/static/app/plugin.js} (classpath
 * {@code plugin-webapp/stagegate-audit/app/}) and serves its resource behind the webapp's own login.
 */
public class StagegateAuditPlugin extends AbstractCockpitPlugin {

    static final String ID = "stagegate-audit";

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public Set<Class<?>> getResourceClasses() {
        return Set.of(StagegateAuditResource.class);
    }
}

package io.stagegate.lifecycle;

import java.util.List;
import java.util.function.Supplier;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.springframework.stereotype.Component;

/**
 * Runs engine calls on behalf of a user whom Stagegate has already vetted. Task work keeps the engine's own
 * authorization check ({@link #asUser}); actions that only Stagegate may take on a process instance — starting a
 * lifecycle, correlating a cancellation or retirement — run without it ({@link #asSystemFor}), because no user holds
 * that right in the engine: that is what keeps {@code /engine-rest} from being a way around this API. Both keep the
 * user as the engine's authenticated user, so Camunda's operation log names who did it.
 */
@Component
public class EngineActions {

    private final IdentityService identityService;
    private final ProcessEngineConfigurationImpl configuration;

    EngineActions(IdentityService identityService, ProcessEngineConfigurationImpl configuration) {
        this.identityService = identityService;
        this.configuration = configuration;
    }

    public <T> T asUser(String userId, List<String> groups, Supplier<T> action) {
        Authentication previous = identityService.getCurrentAuthentication();
        identityService.setAuthentication(userId, groups);
        try {
            return action.get();
        } finally {
            restore(previous);
        }
    }

    public <T> T asSystemFor(String userId, List<String> groups, Supplier<T> action) {
        return asUser(userId, groups, () -> withoutAuthorization(action));
    }

    /**
     * Runs engine calls without authorization checks, joining the current command when called from inside the
     * engine (a delegate or listener) — for reads of policy and model that Stagegate itself needs.
     */
    public <T> T withoutAuthorization(Supplier<T> action) {
        return configuration
                .getCommandExecutorTxRequired()
                .execute(commandContext -> commandContext.runWithoutAuthorization(action::get));
    }

    private void restore(Authentication previous) {
        if (previous == null) {
            identityService.clearAuthentication();
        } else {
            identityService.setAuthentication(previous);
        }
    }
}

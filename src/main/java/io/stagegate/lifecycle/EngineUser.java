package io.stagegate.lifecycle;

import java.util.List;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.springframework.stereotype.Component;

/**
 * The person the engine is working for right now — set by our API, by the engine REST filter or by the webapps
 * (Tasklist) for every call. A task completed without one is refused: gates and reviews are decided by people.
 * Timers run for nobody; their work is attributed to {@link #SYSTEM}.
 */
@Component
public class EngineUser {

    public static final String SYSTEM = "system";

    private final IdentityService identityService;

    EngineUser(IdentityService identityService) {
        this.identityService = identityService;
    }

    public Actor require() {
        Authentication authentication = identityService.getCurrentAuthentication();
        if (authentication == null || authentication.getUserId() == null) {
            throw Refusal.forbidden("This task must be completed by an authenticated user");
        }
        return new Actor(
                authentication.getUserId(),
                authentication.getGroupIds() == null ? List.of() : authentication.getGroupIds());
    }

    public String idOrSystem() {
        Authentication authentication = identityService.getCurrentAuthentication();
        return authentication == null || authentication.getUserId() == null ? SYSTEM : authentication.getUserId();
    }
}

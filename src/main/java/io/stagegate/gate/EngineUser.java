package io.stagegate.gate;

import io.stagegate.lifecycle.Actor;
import io.stagegate.lifecycle.Refusal;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.springframework.stereotype.Component;

/**
 * The person the engine is working for right now — set by our API, by the engine REST filter or by the webapps
 * (Tasklist) for every call. A gate task completed without one is refused: a gate is decided by a person.
 */
@Component
class EngineUser {

    static final String SYSTEM = "system";

    private final IdentityService identityService;

    EngineUser(IdentityService identityService) {
        this.identityService = identityService;
    }

    Actor require() {
        Authentication authentication = identityService.getCurrentAuthentication();
        if (authentication == null || authentication.getUserId() == null) {
            throw Refusal.forbidden("A gate task must be completed by an authenticated user");
        }
        return new Actor(
                authentication.getUserId(),
                authentication.getGroupIds() == null ? java.util.List.of() : authentication.getGroupIds());
    }

    String idOrSystem() {
        Authentication authentication = identityService.getCurrentAuthentication();
        return authentication == null || authentication.getUserId() == null ? SYSTEM : authentication.getUserId();
    }
}

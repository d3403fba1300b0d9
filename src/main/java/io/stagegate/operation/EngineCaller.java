package io.stagegate.operation;

import io.stagegate.lifecycle.Actor;
import io.stagegate.lifecycle.Refusal;
import java.util.List;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.springframework.stereotype.Component;

/**
 * Who the engine works for right now (set by this API, the engine REST filter or Tasklist). Timers run for nobody:
 * their work is done by {@code system}.
 */
@Component
class EngineCaller {

    static final String SYSTEM = "system";

    private final IdentityService identityService;

    EngineCaller(IdentityService identityService) {
        this.identityService = identityService;
    }

    Actor require() {
        Authentication authentication = identityService.getCurrentAuthentication();
        if (authentication == null || authentication.getUserId() == null) {
            throw Refusal.forbidden("An operation task must be completed by an authenticated user");
        }
        return new Actor(
                authentication.getUserId(),
                authentication.getGroupIds() == null ? List.of() : authentication.getGroupIds());
    }

    String idOrSystem() {
        Authentication authentication = identityService.getCurrentAuthentication();
        return authentication == null || authentication.getUserId() == null ? SYSTEM : authentication.getUserId();
    }
}

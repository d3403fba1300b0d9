package io.stagegate.lifecycle;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Locale;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Lifecycle", description = "The seven phases, their deliverables and the check catalogue")
class LifecycleController {

    private final Catalogue catalogue;

    LifecycleController(Catalogue catalogue) {
        this.catalogue = catalogue;
    }

    @GetMapping(path = "/api/v1/lifecycle", produces = "application/json")
    @Operation(summary = "The lifecycle definition; names follow Accept-Language (en, zh-CN)")
    LifecycleDefinition lifecycle(Locale locale) {
        return new LifecycleDefinition(catalogue.phases().stream()
                .map(phase -> new PhaseDefinition(
                        phase.key(),
                        phase.order(),
                        Catalogue.localized(phase.name(), locale),
                        phase.deliverables().stream()
                                .map(d -> new DeliverableDefinition(
                                        d.type(), Catalogue.localized(d.name(), locale), true))
                                .toList(),
                        catalogue.checksOf(Phase.valueOf(phase.key())).stream()
                                .map(c -> new CheckDefinition(
                                        c.key(), Catalogue.localized(c.name(), locale), c.pitfall(), c.controls()))
                                .toList()))
                .toList());
    }

    record LifecycleDefinition(List<PhaseDefinition> phases) {}

    record PhaseDefinition(
            String key,
            int order,
            String name,
            List<DeliverableDefinition> deliverables,
            List<CheckDefinition> checks) {}

    record DeliverableDefinition(String type, String name, boolean required) {}

    record CheckDefinition(String key, String name, String pitfall, List<String> controls) {}
}

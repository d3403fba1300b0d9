package io.stagegate.gate;

import io.stagegate.lifecycle.Phase;
import io.stagegate.lifecycle.ProjectView;
import io.stagegate.lifecycle.ProjectViews;
import io.stagegate.web.CallerActor;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.Locale;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping(path = "/api/v1/projects/{id}/phases/{phase}", produces = "application/json")
@Tag(name = "Gates", description = "Checks, submission, sign-offs and gate decisions")
class GateController {

    private final GateManagement management;
    private final ProjectViews views;
    private final CallerActor caller;

    GateController(GateManagement management, ProjectViews views, CallerActor caller) {
        this.management = management;
        this.views = views;
        this.caller = caller;
    }

    @PostMapping(path = "/checks/{checkKey}", consumes = "application/json")
    @Operation(summary = "Confirm (or withdraw) a checklist item of the phase in preparation (role: contributor)")
    ProjectView check(
            @PathVariable String id,
            @PathVariable Phase phase,
            @PathVariable String checkKey,
            @Valid @RequestBody CheckRequest request,
            Locale locale) {
        return views.view(
                management.confirmCheck(id, phase, checkKey, request.confirmed(), request.evidence(), caller.current()),
                locale);
    }

    @PostMapping("/submit")
    @Operation(summary = "Submit the phase for sign-off (role: contributor); 422 lists what is missing")
    ProjectView submit(@PathVariable String id, @PathVariable Phase phase, Locale locale) {
        return views.view(management.submit(id, phase, caller.current()), locale);
    }

    @PostMapping(path = "/signoffs/{function}", consumes = "application/json")
    @Operation(summary = "Sign off the phase for a function (member of that function's group)")
    ProjectView signoff(
            @PathVariable String id,
            @PathVariable Phase phase,
            @PathVariable String function,
            @Valid @RequestBody SignoffRequest request,
            Locale locale) {
        return views.view(
                management.signoff(id, phase, function, request.decision(), request.comment(), caller.current()),
                locale);
    }

    @PostMapping(path = "/gate", consumes = "application/json")
    @Operation(
            summary = "Decide the gate (role: pmo): APPROVE, REJECT, CANCEL; at VALIDATION also LOOP and ACCEPT_RISK")
    ProjectView gate(
            @PathVariable String id,
            @PathVariable Phase phase,
            @Valid @RequestBody GateRequest request,
            Locale locale) {
        return views.view(
                management.decide(id, phase, request.decision(), request.loopTo(), request.comment(), caller.current()),
                locale);
    }

    @PostMapping(path = "/revalidation", consumes = "application/json")
    @Operation(summary = "Acknowledge a revalidationRequired flag of a passed phase (role: pmo)")
    ProjectView revalidation(
            @PathVariable String id,
            @PathVariable Phase phase,
            @Valid @RequestBody RevalidationRequest request,
            Locale locale) {
        return views.view(management.acknowledgeRevalidation(id, phase, request.comment(), caller.current()), locale);
    }

    record RevalidationRequest(@Size(max = 4000) String comment) {}

    record CheckRequest(@NotNull Boolean confirmed, @Size(max = 4000) String evidence) {}

    record SignoffRequest(
            @NotNull @Pattern(regexp = "APPROVE|REJECT", message = "must be APPROVE or REJECT") String decision,
            @Size(max = 4000) String comment) {}

    record GateRequest(@NotNull GateDecision decision, Phase loopTo, @Size(max = 4000) String comment) {}
}

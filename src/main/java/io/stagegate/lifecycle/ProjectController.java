package io.stagegate.lifecycle;

import io.stagegate.lifecycle.ProjectProfile.Audience;
import io.stagegate.lifecycle.ProjectProfile.DomainSpecialization;
import io.stagegate.lifecycle.ProjectProfile.EuRiskClass;
import io.stagegate.lifecycle.ProjectProfile.Industry;
import io.stagegate.lifecycle.ProjectProfile.Jurisdiction;
import io.stagegate.lifecycle.ProjectProfile.PrivacyLevel;
import io.stagegate.lifecycle.ProjectProfile.ProcessComplexity;
import io.stagegate.web.CallerActor;
import io.stagegate.web.Paged;
import io.stagegate.web.Paging;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping(path = "/api/v1/projects", produces = "application/json")
@Tag(name = "Projects", description = "Create, read, amend and end LLM deployment projects")
class ProjectController {

    private final ProjectManagement management;
    private final ProjectRepository projects;
    private final ProjectViews views;
    private final CallerActor caller;

    ProjectController(
            ProjectManagement management, ProjectRepository projects, ProjectViews views, CallerActor caller) {
        this.management = management;
        this.projects = projects;
        this.views = views;
        this.caller = caller;
    }

    @PostMapping(consumes = "application/json")
    @Operation(summary = "Create a project and start its lifecycle (roles: pmo, contributor, integration)")
    ResponseEntity<ProjectView> create(@Valid @RequestBody CreateProjectRequest request, Locale locale) {
        Project project = management.create(request.toCommand(), caller.current());
        return ResponseEntity.created(URI.create("/api/v1/projects/" + project.id()))
                .body(views.view(project, locale));
    }

    @GetMapping
    @Operation(summary = "The portfolio, filtered by status, phase and industry, newest first")
    @Transactional(readOnly = true)
    Paged<ProjectView> list(
            @RequestParam(required = false) ProjectStatus status,
            @RequestParam(required = false) Phase phase,
            @RequestParam(required = false) Industry industry,
            @RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size,
            Locale locale) {
        Paging paging = Paging.of(page, size);
        ProjectPage found = projects.find(new ProjectQuery(status, phase, industry, paging.page(), paging.size()));
        return new Paged<>(views.views(found.items(), locale), paging.page(), paging.size(), found.total());
    }

    @GetMapping("/{id}")
    @Operation(summary = "The project view")
    @Transactional(readOnly = true)
    ProjectView get(@PathVariable String id, Locale locale) {
        return views.view(management.get(id), locale);
    }

    @PatchMapping(path = "/{id}", consumes = "application/json")
    @Operation(summary = "Amend a project with a reason (role: pmo); policies are re-evaluated")
    ProjectView amend(@PathVariable String id, @Valid @RequestBody AmendProjectRequest request, Locale locale) {
        return views.view(management.amend(id, request.toAmendment(), caller.current()), locale);
    }

    @PutMapping(path = "/{id}/approach", consumes = "application/json")
    @Operation(
            summary = "Record the chosen technical approach (role: contributor, while ARCHITECTURE is in preparation)")
    ProjectView approach(@PathVariable String id, @Valid @RequestBody ApproachRequest request, Locale locale) {
        return views.view(
                management.chooseApproach(
                        id, request.deploymentMode(), request.techniques(), request.justification(), caller.current()),
                locale);
    }

    @PostMapping(path = "/{id}/cancel", consumes = "application/json")
    @Operation(summary = "Cancel an ACTIVE project (role: pmo)")
    ProjectView cancel(@PathVariable String id, @Valid @RequestBody ReasonRequest request, Locale locale) {
        return views.view(management.cancel(id, request.reason(), caller.current()), locale);
    }

    @PostMapping(path = "/{id}/retire", consumes = "application/json")
    @Operation(summary = "Retire an OPERATING project (role: pmo)")
    ProjectView retire(@PathVariable String id, @Valid @RequestBody ReasonRequest request, Locale locale) {
        return views.view(management.retire(id, request.reason(), caller.current()), locale);
    }

    record KpiRequest(
            @NotBlank @Size(max = 100) @Pattern(regexp = "[A-Za-z][A-Za-z0-9_.-]*") String metric,
            @NotNull Double baseline,
            @NotNull Double target,
            @NotNull @Pattern(regexp = "ratio|ms|score|count|currency") String unit,
            @NotNull Kpi.Direction direction) {

        Kpi toKpi() {
            return new Kpi(metric, baseline, target, unit, direction);
        }
    }

    record TeamRequest(
            @Size(max = 100) String businessOwner,
            @Size(max = 100) String techLead,
            @Size(max = 100) String complianceOfficer,
            @Size(max = 100) List<@NotBlank @Size(max = 100) String> members) {

        Team toTeam() {
            return new Team(businessOwner, techLead, complianceOfficer, members);
        }
    }

    record CreateProjectRequest(
            @NotBlank @Size(max = 200) String name,
            @NotNull Industry industry,
            @NotNull PrivacyLevel privacyLevel,
            @NotNull ProcessComplexity processComplexity,
            @NotNull DomainSpecialization domainSpecialization,
            @NotNull @Size(min = 1, max = 20) List<@NotNull @Valid KpiRequest> kpis,
            @NotNull @Valid TeamRequest team,
            Audience audience,
            @Size(max = 4) List<@NotNull Jurisdiction> jurisdictions,
            EuRiskClass euRiskClass) {

        ProjectManagement.NewProject toCommand() {
            return new ProjectManagement.NewProject(
                    name.strip(),
                    new ProjectProfile(
                            industry,
                            privacyLevel,
                            processComplexity,
                            domainSpecialization,
                            audience == null ? Audience.INTERNAL : audience,
                            jurisdictions == null
                                    ? List.of()
                                    : jurisdictions.stream().distinct().toList(),
                            euRiskClass),
                    kpis.stream().map(KpiRequest::toKpi).toList(),
                    team.toTeam());
        }
    }

    record AmendProjectRequest(
            @Size(min = 1, max = 200) String name,
            @Size(min = 1, max = 20) List<@NotNull @Valid KpiRequest> kpis,
            @Valid TeamRequest team,
            Audience audience,
            @Size(max = 4) List<@NotNull Jurisdiction> jurisdictions,
            EuRiskClass euRiskClass,
            PrivacyLevel privacyLevel,
            @NotBlank @Size(max = 4000) String reason) {

        ProjectManagement.Amendment toAmendment() {
            return new ProjectManagement.Amendment(
                    name == null ? null : name.strip(),
                    kpis == null ? null : kpis.stream().map(KpiRequest::toKpi).toList(),
                    team == null ? null : team.toTeam(),
                    audience,
                    jurisdictions == null
                            ? null
                            : jurisdictions.stream().distinct().toList(),
                    euRiskClass,
                    privacyLevel,
                    reason);
        }
    }

    record ApproachRequest(
            @NotNull DeploymentMode deploymentMode,
            @NotNull @Size(max = 20) List<@NotBlank @Size(max = 64) String> techniques,
            @Size(max = 4000) String justification) {}

    record ReasonRequest(@NotBlank @Size(max = 4000) String reason) {}
}

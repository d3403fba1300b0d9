package io.stagegate.demo;

import io.stagegate.lifecycle.Kpi;
import io.stagegate.lifecycle.Phase;
import io.stagegate.lifecycle.Project;
import io.stagegate.lifecycle.ProjectManagement;
import io.stagegate.lifecycle.ProjectManagement.NewProject;
import io.stagegate.lifecycle.ProjectProfile;
import io.stagegate.lifecycle.ProjectProfile.Audience;
import io.stagegate.lifecycle.ProjectProfile.DomainSpecialization;
import io.stagegate.lifecycle.ProjectProfile.Industry;
import io.stagegate.lifecycle.ProjectProfile.Jurisdiction;
import io.stagegate.lifecycle.ProjectProfile.PrivacyLevel;
import io.stagegate.lifecycle.ProjectProfile.ProcessComplexity;
import io.stagegate.lifecycle.ProjectQuery;
import io.stagegate.lifecycle.ProjectRepository;
import io.stagegate.lifecycle.Team;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Seeds four demo projects at different points of the lifecycle on an empty database. {@code
 * stagegate.demo.projects=false} keeps the demo users without the projects (the process-level tests start many fresh
 * databases and need only the users).
 */
@Component
@Order(100)
@ConditionalOnProperty(name = "stagegate.demo.enabled", havingValue = "true")
@ConditionalOnBooleanProperty(name = "stagegate.demo.projects", matchIfMissing = true)
class DemoProjects implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoProjects.class);

    private final ProjectManagement projects;
    private final ProjectRepository repository;
    private final LifecycleWalker walker;

    DemoProjects(ProjectManagement projects, ProjectRepository repository, LifecycleWalker walker) {
        this.projects = projects;
        this.repository = repository;
        this.walker = walker;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (repository.find(new ProjectQuery(null, null, null, 0, 1)).total() > 0) {
            return;
        }
        Team team = new Team("biz", "tech", "comp", List.of());
        List<Kpi> kpis = List.of(
                new Kpi("accuracy", 0.85, 0.97, "ratio", Kpi.Direction.AT_LEAST),
                new Kpi("p95LatencyMs", 3500, 2000, "ms", Kpi.Direction.AT_MOST));

        Project bank = projects.create(
                new NewProject(
                        "Retail bank customer-service assistant",
                        new ProjectProfile(
                                Industry.FINANCE,
                                PrivacyLevel.HIGH,
                                ProcessComplexity.COMPLEX,
                                DomainSpecialization.GENERAL,
                                Audience.INTERNAL,
                                List.of(),
                                null),
                        kpis,
                        team),
                LifecycleWalker.PMO);
        walker.pass(bank.id(), Map.of());

        Project hospital = projects.create(
                new NewProject(
                        "Hospital discharge-summary drafting",
                        new ProjectProfile(
                                Industry.HEALTHCARE,
                                PrivacyLevel.HIGH,
                                ProcessComplexity.SIMPLE,
                                DomainSpecialization.SPECIALIZED,
                                Audience.INTERNAL,
                                List.of(),
                                null),
                        kpis,
                        team),
                LifecycleWalker.PMO);
        Map<String, Double> missedAccuracy = Map.of("accuracy", 0.95, "p95LatencyMs", 1800.0);
        for (int phase = 1; phase < Phase.VALIDATION.order(); phase++) {
            walker.pass(hospital.id(), missedAccuracy);
        }
        walker.prepare(hospital.id(), missedAccuracy);
        walker.submitAndSignOff(hospital.id());

        Project ministry = projects.create(
                new NewProject(
                        "Ministry policy Q&A portal",
                        new ProjectProfile(
                                Industry.GOVERNMENT,
                                PrivacyLevel.MEDIUM,
                                ProcessComplexity.SIMPLE,
                                DomainSpecialization.GENERAL,
                                Audience.PUBLIC,
                                List.of(Jurisdiction.CN),
                                null),
                        kpis,
                        team),
                LifecycleWalker.PMO);
        Map<String, Double> met = Map.of("accuracy", 0.975, "p95LatencyMs", 1500.0);
        for (Phase phase : Phase.values()) {
            walker.pass(ministry.id(), met);
        }
        // a finished project, so that auditors find a complete history: launched under the EU AI Act, then retired
        Project pilot = projects.create(
                new NewProject(
                        "Call-centre summarisation pilot",
                        new ProjectProfile(
                                Industry.RETAIL,
                                PrivacyLevel.MEDIUM,
                                ProcessComplexity.SIMPLE,
                                DomainSpecialization.GENERAL,
                                Audience.INTERNAL,
                                List.of(Jurisdiction.EU),
                                ProjectProfile.EuRiskClass.LIMITED),
                        kpis,
                        team),
                LifecycleWalker.PMO);
        for (Phase phase : Phase.values()) {
            walker.pass(pilot.id(), met);
        }
        projects.retire(pilot.id(), "Pilot concluded; replaced by the group-wide assistant", LifecycleWalker.PMO);
        log.info(
                "Demo projects seeded: {} (ARCHITECTURE), {} (VALIDATION gate, accuracy missed), {} (OPERATING),"
                        + " {} (RETIRED)",
                bank.id(),
                hospital.id(),
                ministry.id(),
                pilot.id());
    }
}

package io.stagegate.observability;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.stagegate.StagegateIntegrationTest;
import io.stagegate.demo.LifecycleWalker;
import io.stagegate.lifecycle.Kpi;
import io.stagegate.lifecycle.ProjectManagement;
import io.stagegate.lifecycle.ProjectManagement.NewProject;
import io.stagegate.lifecycle.ProjectProfile;
import io.stagegate.lifecycle.Team;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The engine's side of the project id in the logs: while the engine works on a project's process instances (here
 * driven in-process, so no request filter is involved), what it logs carries the business key, the project id, as
 * {@code projectId} ({@code logging-context-business-key} in {@code application.yml}). The engine's own debug lines
 * serve as the witness; the level is raised only for this test and restored.
 */
@StagegateIntegrationTest
class EngineLoggingContextTests {

    private static final String ENGINE_FLOW = "org.camunda.bpm.engine.pvm";

    private final ProjectManagement projects;
    private final LifecycleWalker walker;

    @Autowired
    EngineLoggingContextTests(ProjectManagement projects, LifecycleWalker walker) {
        this.projects = projects;
        this.walker = walker;
    }

    @Test
    void whatTheEngineLogsAboutAProjectsInstancesCarriesTheProjectId() {
        LoggerContext logging = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger engineFlow = logging.getLogger(ENGINE_FLOW);
        Level level = engineFlow.getLevel();
        ListAppender<ILoggingEvent> lines = new ListAppender<>() {
            @Override
            protected void append(ILoggingEvent line) {
                line.prepareForDeferredProcessing();
                super.append(line);
            }
        };
        lines.setContext(logging);
        lines.start();
        String thread = Thread.currentThread().getName();
        String id;
        engineFlow.addAppender(lines);
        engineFlow.setLevel(Level.DEBUG);
        try {
            assertThat(MDC.get(ProjectLoggingContext.PROJECT_ID)).isNull();
            id = projects.create(
                            new NewProject(
                                    "Logging context",
                                    new ProjectProfile(
                                            ProjectProfile.Industry.RETAIL,
                                            ProjectProfile.PrivacyLevel.MEDIUM,
                                            ProjectProfile.ProcessComplexity.SIMPLE,
                                            ProjectProfile.DomainSpecialization.GENERAL,
                                            ProjectProfile.Audience.INTERNAL,
                                            List.of(),
                                            null),
                                    List.of(new Kpi("accuracy", 0.85, 0.97, "ratio", Kpi.Direction.AT_LEAST)),
                                    new Team("biz", "tech", "comp", List.of())),
                            LifecycleWalker.PMO)
                    .id();
            walker.pass(id, Map.of("accuracy", 0.98));
        } finally {
            engineFlow.detachAppender(lines);
            engineFlow.setLevel(level);
        }

        List<ILoggingEvent> inActivities = lines.list.stream()
                .filter(line -> line.getThreadName().equals(thread))
                .filter(line -> line.getMDCPropertyMap().containsKey("activityId"))
                .toList();
        assertThat(inActivities).as("engine lines logged inside an activity").isNotEmpty();
        assertThat(inActivities).allSatisfy(line -> assertThat(line.getMDCPropertyMap())
                .containsEntry(ProjectLoggingContext.PROJECT_ID, id));
        assertThat(MDC.get(ProjectLoggingContext.PROJECT_ID))
                .as("nothing left on the thread")
                .isNull();
    }
}

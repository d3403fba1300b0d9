package io.stagegate.observability;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.boot.logging.logback.StructuredLogEncoder;
import org.springframework.core.env.Environment;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * A line logged while a request about a project is handled carries the project id, in the logging context and as
 * a field of the structured (ECS JSON) line that {@code LOG_FORMAT=ecs} switches on; other requests carry none, and
 * nothing is left behind on the thread.
 */
class ProjectLoggingContextTests {

    private final LoggerContext logging = new LoggerContext();
    /** Like an asynchronous appender, takes the logging context with each line when it is logged. */
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>() {
        @Override
        protected void append(ILoggingEvent line) {
            line.prepareForDeferredProcessing();
            super.append(line);
        }
    };

    private final Logger logger;

    ProjectLoggingContextTests() {
        logging.setMDCAdapter(MDC.getMDCAdapter());
        logging.putObject(Environment.class.getName(), new StandardEnvironment());
        lines.setContext(logging);
        lines.start();
        logger = logging.getLogger("io.stagegate.gate");
        logger.addAppender(lines);
    }

    @Test
    void aLineLoggedWhileHandlingAProjectRequestCarriesTheProjectIdAsAJsonField() throws Exception {
        String id = UUID.randomUUID().toString();
        MockHttpServletRequest request =
                new MockHttpServletRequest("POST", "/api/v1/projects/" + id + "/phases/DATA/gate");

        new ProjectLoggingContext()
                .doFilter(request, new MockHttpServletResponse(), (req, res) -> logger.info("Gate decided"));

        assertThat(lines.list).singleElement().satisfies(line -> assertThat(line.getMDCPropertyMap())
                .containsEntry(ProjectLoggingContext.PROJECT_ID, id));
        StructuredLogEncoder ecs = new StructuredLogEncoder();
        ecs.setFormat("ecs");
        ecs.setContext(logging);
        ecs.start();
        JsonNode json = new ObjectMapper().readTree(new String(ecs.encode(lines.list.get(0)), StandardCharsets.UTF_8));
        assertThat(json.path("projectId").asText()).isEqualTo(id);
        assertThat(json.path("message").asText()).isEqualTo("Gate decided");
        assertThat(MDC.get(ProjectLoggingContext.PROJECT_ID))
                .as("cleared after the request")
                .isNull();
    }

    @Test
    void requestsNotAboutOneProjectCarryNoProjectId() throws Exception {
        for (String path : new String[] {"/api/v1/projects", "/api/v1/webhooks/abc", "/engine-rest/task"}) {
            new ProjectLoggingContext()
                    .doFilter(
                            new MockHttpServletRequest("GET", path),
                            new MockHttpServletResponse(),
                            (req, res) -> logger.info("listed"));
        }
        assertThat(lines.list).hasSize(3).allSatisfy(line -> assertThat(line.getMDCPropertyMap())
                .doesNotContainKey("projectId"));
    }

    @Test
    void onlyAnIdOfTheShapeStagegateIssuesIsTakenOver() {
        assertThat(ProjectLoggingContext.projectId("/api/v1/projects/p-1/audit", ""))
                .isEqualTo("p-1");
        assertThat(ProjectLoggingContext.projectId("/ctx/api/v1/projects/p-1", "/ctx"))
                .isEqualTo("p-1");
        assertThat(ProjectLoggingContext.projectId("/api/v1/projects/a%0Aforged=1/audit", ""))
                .isNull();
        assertThat(ProjectLoggingContext.projectId("/api/v1/projects/" + "x".repeat(65), ""))
                .isNull();
        assertThat(ProjectLoggingContext.projectId(null, "")).isNull();
    }
}

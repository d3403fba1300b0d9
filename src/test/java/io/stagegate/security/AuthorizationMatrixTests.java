package io.stagegate.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stagegate.Api;
import io.stagegate.Api.Answer;
import io.stagegate.ProjectFixtures;
import io.stagegate.StagegateIntegrationTest;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.identity.User;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;

/**
 * The authorization matrix: every kind of caller against every way in — Stagegate's API, Camunda's
 * {@code /engine-rest}, the webapps' own API and the actuator — over real HTTP with real credentials. The table it
 * measures is written to {@code ${sg.build.dir}/security-matrix.md} and must appear verbatim in
 * {@code docs/security.md}, so the documented matrix is the tested one; on top, the least-privilege rules are asserted
 * cell by cell, so a wrong table cannot simply be copied into the document.
 *
 * <p>Writes that would succeed are aimed so that they change nothing shared: engine-rest writes at ids that do not
 * exist (a refused caller is refused before the engine looks; {@code camunda-admin} gets the engine's 404), and the
 * API's writes at projects this test creates, with the one caller expected to succeed going last.
 */
@StagegateIntegrationTest
class AuthorizationMatrixTests {

    static final Path DOC = Path.of("docs/security.md");
    private static final String NO_GROUP_USER = "matrixnogroup";
    private static final String NO_GROUP_PASSWORD = "matrix-no-group-1";

    /** A caller: the column heading and the credentials ({@code user} null: anonymous). */
    record Subject(String label, String user, String password) {}

    /** A row: the way in, the operation, and how to probe it as a caller; the answer is the cell's text. */
    record Cell(String channel, String operation, String last, Function<Subject, String> probe) {}

    static final List<Subject> SUBJECTS = List.of(
            new Subject("anonymous", null, null),
            new Subject("no group", NO_GROUP_USER, NO_GROUP_PASSWORD),
            new Subject("auditor", "auditor", "demo"),
            new Subject("integration", "integration", "demo"),
            new Subject("camunda-admin", "admin", "demo"),
            new Subject("contributor", "dev", "demo"),
            new Subject("business", "biz", "demo"),
            new Subject("technology", "tech", "demo"),
            new Subject("compliance", "comp", "demo"),
            new Subject("pmo", "pmo", "demo"));

    private final ObjectMapper json = new ObjectMapper();

    @LocalServerPort
    private int port;

    @Autowired
    private ProcessEngine engine;

    private Api api;
    private final Map<String, WebappSession> sessions = new LinkedHashMap<>();

    @Test
    void everyCallerGetsExactlyTheDocumentedAnswerOnEveryChannel() throws IOException {
        api = new Api(port);
        createUserWithoutGroup();
        ProjectFixtures fixtures = new ProjectFixtures(api);

        String gateProject = fixtures.create("Matrix gate").path("id").asText();
        fixtures.bringTo(gateProject, "REQUIREMENTS", "AWAITING_GATE");
        String taskProject = fixtures.create("Matrix engine task").path("id").asText();
        String gateTask = ProjectFixtures.openTask(
                        fixtures.bringTo(taskProject, "REQUIREMENTS", "AWAITING_GATE"), "gate-review")
                .path("id")
                .asText();
        String signoffProject = fixtures.create("Matrix sign-off").path("id").asText();
        JsonNode atSignoff = fixtures.bringTo(signoffProject, "REQUIREMENTS", "AWAITING_SIGNOFF");
        String function = atSignoff.path("gate").path("pendingSignoffs").path(0).asText();
        String signer = Map.of("BUSINESS", "biz", "TECHNOLOGY", "tech", "COMPLIANCE", "comp")
                .get(function);
        String openTeam = fixtures.create("Matrix open team").path("id").asText();
        Map<String, Object> closed = ProjectFixtures.projectRequest(ProjectFixtures.uniqueName("Matrix closed team"));
        closed.put(
                "team",
                Map.of(
                        "businessOwner",
                        "biz",
                        "techLead",
                        "tech",
                        "complianceOfficer",
                        "comp",
                        "members",
                        List.of("lead")));
        String closedTeam = fixtures.create("pmo", closed).path("id").asText();
        String deliverableType = fixtures.view(openTeam)
                .path("gate")
                .path("missingDeliverables")
                .path(0)
                .asText();
        String lifecycleInstance = read(call(
                        new Subject("admin", "admin", "demo"),
                        HttpMethod.GET,
                        "/engine-rest/process-instance?processDefinitionKey=llm-lifecycle&businessKey=" + gateProject,
                        null))
                .path(0)
                .path("id")
                .asText();
        assertThat(lifecycleInstance).isNotEmpty();
        String missing = UUID.randomUUID().toString();

        List<Cell> cells = List.of(
                // Stagegate's API
                new Cell(
                        "API",
                        "read the portfolio (`GET /api/v1/projects`)",
                        null,
                        s -> listed(call(s, HttpMethod.GET, "/api/v1/projects", null))),
                new Cell(
                        "API",
                        "create a project",
                        null,
                        s -> status(call(
                                s,
                                HttpMethod.POST,
                                "/api/v1/projects",
                                ProjectFixtures.projectRequest(ProjectFixtures.uniqueName("Matrix created"))))),
                new Cell(
                        "API",
                        "register a deliverable (team names no members)",
                        "dev",
                        s -> status(call(
                                s,
                                HttpMethod.POST,
                                "/api/v1/projects/" + openTeam + "/deliverables",
                                deliverable(openTeam, deliverableType)))),
                new Cell(
                        "API",
                        "register a deliverable (team names others)",
                        "dev",
                        s -> status(call(
                                s,
                                HttpMethod.POST,
                                "/api/v1/projects/" + closedTeam + "/deliverables",
                                deliverable(closedTeam, deliverableType)))),
                new Cell(
                        "API",
                        "sign off a gate (" + function + " required)",
                        signer,
                        s -> status(call(
                                s,
                                HttpMethod.POST,
                                "/api/v1/projects/" + signoffProject + "/phases/REQUIREMENTS/signoffs/" + function,
                                Map.of("decision", "APPROVE", "comment", "matrix")))),
                new Cell(
                        "API",
                        "decide a gate",
                        "pmo",
                        s -> status(call(
                                s,
                                HttpMethod.POST,
                                "/api/v1/projects/" + gateProject + "/phases/REQUIREMENTS/gate",
                                Map.of("decision", "APPROVE", "comment", "matrix")))),
                new Cell(
                        "API",
                        "push an operating metric (missing project: 404 = allowed)",
                        null,
                        s -> status(call(
                                s,
                                HttpMethod.POST,
                                "/api/v1/projects/" + missing + "/metrics",
                                Map.of("metric", "accuracy", "value", 0.9)))),
                new Cell(
                        "API",
                        "verify the audit chains",
                        null,
                        s -> status(call(s, HttpMethod.GET, "/api/v1/audit/verify", null))),
                // Camunda's engine REST API
                new Cell(
                        "engine-rest",
                        "read lifecycle instances",
                        null,
                        s -> listed(call(
                                s,
                                HttpMethod.GET,
                                "/engine-rest/process-instance?processDefinitionKey=llm-lifecycle",
                                null))),
                new Cell(
                        "engine-rest",
                        "read history",
                        null,
                        s -> listed(call(
                                s,
                                HttpMethod.GET,
                                "/engine-rest/history/process-instance?processDefinitionKey=llm-lifecycle",
                                null))),
                new Cell(
                        "engine-rest",
                        "read decision definitions",
                        null,
                        s -> listed(call(s, HttpMethod.GET, "/engine-rest/decision-definition", null))),
                new Cell(
                        "engine-rest",
                        "complete the gate-review task without a decision",
                        "pmo",
                        s -> status(call(s, HttpMethod.POST, "/engine-rest/task/" + gateTask + "/complete", Map.of()))),
                new Cell(
                        "engine-rest",
                        "start a process instance",
                        null,
                        s -> status(call(
                                s,
                                HttpMethod.POST,
                                "/engine-rest/process-definition/key/" + missing + "/start",
                                Map.of()))),
                new Cell(
                        "engine-rest",
                        "modify a process instance",
                        null,
                        s -> status(call(
                                s,
                                HttpMethod.POST,
                                "/engine-rest/process-instance/" + missing + "/modification",
                                Map.of("instructions", List.of())))),
                new Cell(
                        "engine-rest",
                        "update a variable",
                        null,
                        s -> status(call(
                                s,
                                HttpMethod.PUT,
                                "/engine-rest/process-instance/" + missing + "/variables/x",
                                Map.of("value", "forged", "type", "String")))),
                new Cell(
                        "engine-rest",
                        "delete a process instance",
                        null,
                        s -> status(call(s, HttpMethod.DELETE, "/engine-rest/process-instance/" + missing, null))),
                new Cell(
                        "engine-rest",
                        "deploy",
                        null,
                        s -> status(call(s, HttpMethod.POST, "/engine-rest/deployment/create", Map.of()))),
                new Cell(
                        "engine-rest",
                        "administer users",
                        null,
                        s -> status(call(s, HttpMethod.DELETE, "/engine-rest/user/" + NO_GROUP_USER + "x", null))),
                // the webapps' own API, in a logged-in browser session
                new Cell("webapps", "log into Cockpit", null, s -> Integer.toString(session(s, "cockpit"))),
                new Cell(
                        "webapps",
                        "log into Admin",
                        null,
                        s -> Integer.toString(new WebappSession(port)
                                .login("admin", nullToEmpty(s.user()), nullToEmpty(s.password())))),
                new Cell(
                        "webapps",
                        "Cockpit: read lifecycle instances",
                        null,
                        s -> webappListed(
                                s,
                                "/camunda/api/engine/engine/default/process-instance?processDefinitionKey=llm-lifecycle")),
                new Cell(
                        "webapps",
                        "Cockpit: start a lifecycle",
                        null,
                        s -> webappStatus(
                                s,
                                "POST",
                                "/camunda/api/engine/engine/default/process-definition/key/"
                                        + (isAdmin(s) ? missing : "llm-lifecycle") + "/start",
                                "{}")),
                new Cell(
                        "webapps",
                        "Cockpit: delete a lifecycle instance",
                        null,
                        s -> webappStatus(
                                s,
                                "DELETE",
                                "/camunda/api/engine/engine/default/process-instance/"
                                        + (isAdmin(s) ? missing : lifecycleInstance),
                                null)),
                new Cell(
                        "webapps",
                        "Admin: create a user",
                        null,
                        s -> webappStatus(
                                s,
                                "POST",
                                "/camunda/api/engine/engine/default/user/create",
                                "{\"profile\":{\"id\":\"matrix"
                                        + UUID.randomUUID().toString().substring(0, 8)
                                        + "\",\"firstName\":\"M\",\"lastName\":\"X\",\"email\":\"m@example.com\"},"
                                        + "\"credentials\":{\"password\":\"matrix-pass-9\"}}")),
                // actuator
                new Cell("actuator", "health", null, s -> status(call(s, HttpMethod.GET, "/actuator/health", null))),
                new Cell("actuator", "health details", null, s -> {
                    Answer health = call(s, HttpMethod.GET, "/actuator/health", null);
                    return health.body() != null && health.body().has("components") ? "details" : "status only";
                }),
                new Cell(
                        "actuator",
                        "prometheus (every signed-in user; counts only, no project data)",
                        null,
                        s -> status(call(s, HttpMethod.GET, "/actuator/prometheus", null))),
                new Cell(
                        "actuator",
                        "any other endpoint (`/actuator/env`)",
                        null,
                        s -> status(call(s, HttpMethod.GET, "/actuator/env", null))));

        Map<Cell, Map<String, String>> results = new LinkedHashMap<>();
        for (Cell cell : cells) {
            Map<String, String> row = new LinkedHashMap<>();
            List<Subject> order = new ArrayList<>(SUBJECTS);
            if (cell.last() != null) {
                order.sort((a, b) -> Boolean.compare(
                        cell.last().equals(a.user()), cell.last().equals(b.user())));
            }
            for (Subject subject : order) {
                row.put(subject.label(), cell.probe().apply(subject));
            }
            results.put(cell, row);
        }
        String table = table(results);
        Path out = Path.of(System.getProperty("sg.build.dir", "target"), "security-matrix.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, table, StandardCharsets.UTF_8);

        assertLeastPrivilege(results);
        assertThat(Files.readString(DOC, StandardCharsets.UTF_8))
                .as("docs/security.md must contain the matrix measured now (see %s)", out)
                .contains(table);
    }

    /** The rules of issue 5, independent of the documented table. */
    private static void assertLeastPrivilege(Map<Cell, Map<String, String>> results) {
        Set<String> refused = Set.of("401", "403");
        results.forEach((cell, row) -> {
            assertThat(row.get("anonymous"))
                    .as("anonymous: %s", cell.operation())
                    .isIn("401", "403", "200", "status only");
            boolean write = !cell.operation().startsWith("read")
                    && !cell.operation().contains(": read")
                    && !cell.operation().startsWith("log into")
                    && !cell.channel().equals("actuator")
                    && !cell.operation().startsWith("verify");
            if (write) {
                assertThat(row.get("auditor"))
                        .as("auditor may change nothing: %s", cell.operation())
                        .isIn(refused);
                assertThat(row.get("no group"))
                        .as("no group: %s", cell.operation())
                        .isIn(refused);
            }
            boolean adminOnly = cell.operation()
                    .matches(".*(start|modify|delete|deploy|administer|create a user|update a variable).*");
            if (adminOnly) {
                row.forEach((who, answer) -> {
                    if (!who.equals("camunda-admin")) {
                        assertThat(answer).as("%s: %s", who, cell.operation()).isIn(refused);
                    }
                });
                assertThat(row.get("camunda-admin"))
                        .as("camunda-admin: %s", cell.operation())
                        .isNotIn(refused);
            }
        });
        Map<String, String> closed = results.entrySet().stream()
                .filter(e -> e.getKey().operation().contains("team names others"))
                .findFirst()
                .orElseThrow()
                .getValue();
        assertThat(closed.get("contributor"))
                .as("a contributor outside a named team")
                .isEqualTo("403");
    }

    static String table(Map<Cell, Map<String, String>> results) {
        StringBuilder table = new StringBuilder("| channel | operation |");
        SUBJECTS.forEach(subject -> table.append(' ').append(subject.label()).append(" |"));
        table.append("\n|---|---|");
        SUBJECTS.forEach(subject -> table.append("---|"));
        table.append('\n');
        results.forEach((cell, row) -> {
            table.append("| ")
                    .append(cell.channel())
                    .append(" | ")
                    .append(cell.operation())
                    .append(" |");
            SUBJECTS.forEach(subject ->
                    table.append(' ').append(row.get(subject.label())).append(" |"));
            table.append('\n');
        });
        return table.toString();
    }

    private Map<String, Object> deliverable(String projectId, String type) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("phase", "REQUIREMENTS");
        body.put("type", type);
        body.put("title", type + " (matrix)");
        body.put("uri", "https://artifacts.example.com/" + projectId + "/" + type);
        body.put("sha256", ProjectFixtures.sha256(type + projectId));
        if (ProjectFixtures.isReport(type)) {
            body.put("metrics", ProjectFixtures.KPIS_MET);
        }
        return body;
    }

    /** Logs in; a caller who cannot keeps a session without a login, so that its later calls are real too. */
    private int session(Subject subject, String app) {
        WebappSession session = new WebappSession(port);
        int status = session.login(app, nullToEmpty(subject.user()), nullToEmpty(subject.password()));
        if (status != 200) {
            session = new WebappSession(port);
            session.open(app);
        }
        sessions.put(subject.label(), session);
        return status;
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }

    private String webappListed(Subject subject, String path) {
        WebappSession session = sessions.get(subject.label());
        if (session == null) {
            throw new IllegalStateException("log into Cockpit first");
        }
        HttpResponse<String> response = session.get(path);
        if (response.statusCode() != 200) {
            return Integer.toString(response.statusCode());
        }
        try {
            return json.readTree(response.body()).size() > 0 ? "sees" : "none";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private String webappStatus(Subject subject, String method, String path, String body) {
        WebappSession session = sessions.get(subject.label());
        if (session == null) {
            throw new IllegalStateException("log into Cockpit first");
        }
        return Integer.toString(session.send(method, path, body, true).statusCode());
    }

    private static boolean isAdmin(Subject subject) {
        return "admin".equals(subject.user());
    }

    private Answer call(Subject subject, HttpMethod method, String path, Object body) {
        HttpHeaders headers = new HttpHeaders();
        if (subject.user() != null) {
            headers.set(HttpHeaders.AUTHORIZATION, Api.basic(subject.user(), subject.password()));
        }
        return api.call(method, null, path, body, headers);
    }

    private static String status(Answer answer) {
        return Integer.toString(answer.status());
    }

    private static JsonNode read(Answer answer) {
        assertThat(answer.status()).as(answer.raw()).isEqualTo(200);
        return answer.body();
    }

    /** A read: {@code sees} (200 with entries), {@code none} (200, nothing visible) or the refusal's status. */
    private static String listed(Answer answer) {
        if (answer.status() != 200) {
            return Integer.toString(answer.status());
        }
        JsonNode body = answer.body();
        JsonNode items = body.isArray() ? body : body.path("items");
        return items.size() > 0 ? "sees" : "none";
    }

    private void createUserWithoutGroup() {
        IdentityService identity = engine.getIdentityService();
        if (identity.createUserQuery().userId(NO_GROUP_USER).count() == 0) {
            User user = identity.newUser(NO_GROUP_USER);
            user.setPassword(NO_GROUP_PASSWORD);
            identity.saveUser(user);
        }
    }

    static Set<String> labels() {
        Set<String> labels = new LinkedHashSet<>();
        SUBJECTS.forEach(subject -> labels.add(subject.label()));
        return labels;
    }
}

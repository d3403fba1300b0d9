package io.stagegate.web;

import static io.stagegate.ProjectFixtures.texts;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.stagegate.Api;
import io.stagegate.Api.Answer;
import io.stagegate.ProjectFixtures;
import io.stagegate.StagegateIntegrationTest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;

/**
 * Every error status of the contract, over real HTTP with real credentials, as RFC 9457 problem details that say
 * what is wrong without revealing how the service is built — and a refused request leaves the project as it was.
 */
@StagegateIntegrationTest
class ErrorContractTests {

    /** What must never reach a caller: stack frames, class and package names, SQL. */
    private static final Pattern LEAK = Pattern.compile("Exception|\\tat |\\bat [a-z]+\\.[a-z]+\\.|java\\.|jakarta\\."
            + "|org\\.springframework|org\\.camunda|org\\.h2|com\\.fasterxml|io\\.stagegate|\\bSQL\\b|\"trace\""
            + "|(?i:\\bselect\\b.*\\bfrom\\b)|(?i:\\binsert into\\b)");

    @LocalServerPort
    int port;

    private Api api;
    private ProjectFixtures fixtures;

    @BeforeEach
    void connect() {
        api = new Api(port);
        fixtures = new ProjectFixtures(api);
    }

    @Test
    void answersMalformedJsonWith400() {
        long projectsBefore = portfolioTotal();
        problem(api.post("pmo", "/api/v1/projects", "{\"name\": \"half a request\", "), 400);
        assertThat(portfolioTotal()).isEqualTo(projectsBefore);
    }

    @Test
    void namesTheFieldOfAnUnknownEnumValue() {
        Map<String, Object> unknownIndustry = request();
        unknownIndustry.put("industry", "SPACE_MINING");
        fieldError(api.post("pmo", "/api/v1/projects", unknownIndustry), "industry");
    }

    @Test
    void namesTheParameterOfAnUnknownEnumValueInTheQuery() {
        fieldError(api.get("auditor", "/api/v1/projects?status=DORMANT"), "status");
    }

    @Test
    void namesTheFieldOfAProjectRequestOutsideTheLimits() {
        long projectsBefore = portfolioTotal();

        Map<String, Object> longName = request();
        longName.put("name", "n".repeat(201));
        fieldError(api.post("pmo", "/api/v1/projects", longName), "name");

        Map<String, Object> noKpis = request();
        noKpis.put("kpis", List.of());
        fieldError(api.post("pmo", "/api/v1/projects", noKpis), "kpis");

        Map<String, Object> tooManyKpis = request();
        List<Map<String, Object>> kpis = new ArrayList<>();
        for (int i = 0; i < 21; i++) {
            kpis.add(ProjectFixtures.kpi("metric" + i, 0.5, 0.9, "ratio", "AT_LEAST"));
        }
        tooManyKpis.put("kpis", kpis);
        fieldError(api.post("pmo", "/api/v1/projects", tooManyKpis), "kpis");

        assertThat(portfolioTotal()).as("no invalid request created a project").isEqualTo(projectsBefore);
    }

    @Test
    void acceptsAProjectRequestAtTheLimits() {
        Map<String, Object> longestName = request();
        longestName.put("name", "n".repeat(200));
        assertThat(api.post("pmo", "/api/v1/projects", longestName).status()).isEqualTo(201);

        Map<String, Object> twentyKpis = request();
        List<Map<String, Object>> kpis = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            kpis.add(ProjectFixtures.kpi("metric" + i, 0.5, 0.9, "ratio", "AT_LEAST"));
        }
        twentyKpis.put("kpis", kpis);
        assertThat(api.post("pmo", "/api/v1/projects", twentyKpis).status()).isEqualTo(201);
    }

    @Test
    void namesSizeWhenAPageSizeIsOutOfRange() {
        fieldError(api.get("auditor", "/api/v1/projects?size=0"), "size");
        fieldError(api.get("auditor", "/api/v1/projects?size=201"), "size");
        assertThat(api.get("auditor", "/api/v1/projects?size=200").status()).isEqualTo(200);

        String id = fixtures.create("Page sizes").path("id").asText();
        fieldError(api.get("auditor", "/api/v1/projects/" + id + "/deliverables?size=0"), "size");
        fieldError(api.get("auditor", "/api/v1/projects/" + id + "/deliverables?size=201"), "size");
    }

    @Test
    void namesTheFieldOfAnInvalidDeliverableReference() {
        String id = fixtures.create("Invalid reference").path("id").asText();

        Map<String, Object> shortHash = reference(id);
        shortHash.put("sha256", "a".repeat(63));
        fieldError(api.post("dev", "/api/v1/projects/" + id + "/deliverables", shortHash), "sha256");

        Map<String, Object> ftp = reference(id);
        ftp.put("uri", "ftp://x");
        fieldError(api.post("dev", "/api/v1/projects/" + id + "/deliverables", ftp), "uri");

        assertThat(api.get("auditor", "/api/v1/projects/" + id + "/deliverables")
                        .body()
                        .path("total")
                        .asLong())
                .isZero();
    }

    @Test
    void namesTheFieldOfATextAbove4000Characters() {
        String id = fixtures.create("Long texts").path("id").asText();
        JsonNode before = fixtures.view(id);
        String text = "c".repeat(4001);

        fieldError(
                api.post(
                        "dev",
                        "/api/v1/projects/" + id + "/phases/REQUIREMENTS/checks/data-sources-compliant",
                        Map.of("confirmed", true, "evidence", text)),
                "evidence");
        fieldError(
                api.post(
                        "biz",
                        "/api/v1/projects/" + id + "/phases/REQUIREMENTS/signoffs/BUSINESS",
                        Map.of("decision", "APPROVE", "comment", text)),
                "comment");
        fieldError(
                api.post(
                        "pmo",
                        "/api/v1/projects/" + id + "/phases/REQUIREMENTS/gate",
                        Map.of("decision", "APPROVE", "comment", text)),
                "comment");
        fieldError(api.post("pmo", "/api/v1/projects/" + id + "/cancel", Map.of("reason", text)), "reason");

        assertThat(fixtures.view(id)).as("refused requests changed nothing").isEqualTo(before);
    }

    @Test
    void answersMissingOrWrongCredentialsWith401() {
        Answer anonymous = api.get(null, "/api/v1/projects");
        problem(anonymous, 401);
        assertThat(anonymous.headers().getFirst(HttpHeaders.WWW_AUTHENTICATE)).startsWith("Basic");

        HttpHeaders wrongPassword = new HttpHeaders();
        wrongPassword.set(HttpHeaders.AUTHORIZATION, Api.basic("nobody-" + java.util.UUID.randomUUID(), "not-demo"));
        long before = portfolioTotal();
        problem(api.call(HttpMethod.POST, null, "/api/v1/projects", request(), wrongPassword), 401);
        problem(api.call(HttpMethod.GET, null, "/api/v1/projects", null, wrongPassword), 401);
        assertThat(portfolioTotal()).isEqualTo(before);
    }

    @Test
    void refusesWhatTheCallersRoleOrFourEyesDoNotAllowWith403AndChangesNothing() {
        long before = portfolioTotal();
        problem(api.post("auditor", "/api/v1/projects", request()), 403);
        assertThat(portfolioTotal()).as("the auditor created nothing").isEqualTo(before);

        String id = fixtures.create("Four eyes").path("id").asText();
        fixtures.bringTo(id, "ARCHITECTURE", "AWAITING_SIGNOFF", "lead", ProjectFixtures.KPIS_MET);

        JsonNode awaitingSignoff = fixtures.view(id);
        assertThat(texts(awaitingSignoff.path("gate").path("pendingSignoffs"))).containsExactly("TECHNOLOGY");
        problem(signoff("biz", id, "ARCHITECTURE", "TECHNOLOGY"), 403);
        problem(signoff("lead", id, "ARCHITECTURE", "TECHNOLOGY"), 403);
        assertThat(fixtures.view(id)).as("refused sign-offs changed nothing").isEqualTo(awaitingSignoff);

        fixtures.signOff(id, "ARCHITECTURE", "TECHNOLOGY", "tech");
        JsonNode awaitingGate = fixtures.view(id);
        assertThat(awaitingGate.path("phaseState").asText()).isEqualTo("AWAITING_GATE");

        problem(fixtures.decide("dev", id, "ARCHITECTURE", "APPROVE"), 403);
        Answer submitterDecides = fixtures.decide("lead", id, "ARCHITECTURE", "APPROVE");
        problem(submitterDecides, 403);
        assertThat(submitterDecides.body().path("detail").asText()).containsIgnoringCase("four-eyes");
        problem(fixtures.decide("tech", id, "ARCHITECTURE", "APPROVE"), 403);
        problem(fixtures.decide("auditor", id, "ARCHITECTURE", "APPROVE"), 403);
        assertThat(fixtures.view(id)).as("refused decisions changed nothing").isEqualTo(awaitingGate);

        Answer approved = fixtures.decide("pmo2", id, "ARCHITECTURE", "APPROVE");
        assertThat(approved.status()).as(approved.raw()).isEqualTo(200);
        assertThat(approved.body().path("currentPhase").asText()).isEqualTo("DATA");
    }

    @Test
    void answersUnknownIdsWith404() {
        problem(api.get("auditor", "/api/v1/projects/no-such-project"), 404);
        problem(fixtures.decide("pmo", "no-such-project", "REQUIREMENTS", "APPROVE"), 404);
        problem(api.post("dev", "/api/v1/projects/no-such-project/deliverables", reference("no-such-project")), 404);

        String id = fixtures.create("Unknown ids").path("id").asText();
        problem(api.get("auditor", "/api/v1/projects/" + id + "/deliverables/no-such-deliverable/content"), 404);
    }

    @Test
    void answersActionsThatDoNotFitTheStateWith409() {
        String id = fixtures.create("Conflicts").path("id").asText();
        JsonNode inPreparation = fixtures.view(id);

        problem(fixtures.reference(id, "ARCHITECTURE", "architecture-diagram", null), 409);
        problem(api.post("dev", "/api/v1/projects/" + id + "/phases/ARCHITECTURE/submit", null), 409);
        problem(fixtures.decide("pmo", id, "REQUIREMENTS", "APPROVE"), 409);
        assertThat(fixtures.view(id)).isEqualTo(inPreparation);

        fixtures.prepare(id, null);
        fixtures.submit(id, "dev");
        JsonNode submitted = fixtures.view(id);
        problem(api.post("dev", "/api/v1/projects/" + id + "/phases/REQUIREMENTS/submit", null), 409);
        problem(fixtures.reference(id, "REQUIREMENTS", "requirements-spec", null), 409);
        problem(fixtures.decide("pmo", id, "REQUIREMENTS", "APPROVE"), 409);
        assertThat(fixtures.view(id)).as("evidence is frozen once submitted").isEqualTo(submitted);

        Answer cancelled = api.post("pmo", "/api/v1/projects/" + id + "/cancel", Map.of("reason", "budget cut"));
        assertThat(cancelled.status()).as(cancelled.raw()).isEqualTo(200);
        assertThat(cancelled.body().path("status").asText()).isEqualTo("CANCELLED");
        problem(api.post("pmo", "/api/v1/projects/" + id + "/cancel", Map.of("reason", "again")), 409);
        assertThat(fixtures.view(id).path("status").asText()).isEqualTo("CANCELLED");
    }

    @Test
    void refusesAnUploadAboveTheLimitWith413() {
        String id = fixtures.create("Large upload").path("id").asText();
        Map<String, Object> metadata = Map.of("phase", "REQUIREMENTS", "type", "requirements-spec", "title", "Huge");

        Answer tooLarge = fixtures.upload("dev", id, metadata, "huge.txt", "x".repeat(21 * 1024 * 1024));
        problem(tooLarge, 413);

        Answer list = api.get("auditor", "/api/v1/projects/" + id + "/deliverables");
        assertThat(list.body().path("total").asLong()).isZero();
        assertThat(fixtures.upload("dev", id, metadata, "small.txt", "small").status())
                .isEqualTo(201);
    }

    @Test
    void refusesAnUnsupportedMediaTypeWith415() {
        HttpHeaders textPlain = new HttpHeaders();
        textPlain.setContentType(MediaType.TEXT_PLAIN);
        long before = portfolioTotal();
        Answer answer =
                api.call(HttpMethod.POST, "pmo", "/api/v1/projects", ProjectFixtures.json(request()), textPlain);
        problem(answer, 415);
        assertThat(portfolioTotal()).isEqualTo(before);
    }

    @Test
    void refusesUnmetConditionsWith422ListingWhatIsMissingAndChangesNothing() {
        String id = fixtures.create("Unmet conditions").path("id").asText();
        assertThat(fixtures.reference(id, "REQUIREMENTS", "requirements-spec", null)
                        .status())
                .isEqualTo(201);
        assertThat(api.post(
                                "dev",
                                "/api/v1/projects/" + id + "/phases/REQUIREMENTS/checks/data-sources-compliant",
                                Map.of("confirmed", true, "evidence", "screened"))
                        .status())
                .isEqualTo(200);
        JsonNode before = fixtures.view(id);

        Answer incomplete = api.post("dev", "/api/v1/projects/" + id + "/phases/REQUIREMENTS/submit", null);
        problem(incomplete, 422);
        assertThat(texts(incomplete.body().path("missing")))
                .containsExactlyInAnyOrder("scenario-priorities", "cross-functional-team-named");
        assertThat(fixtures.view(id)).as("a refused submission changed nothing").isEqualTo(before);

        problem(fixtures.reference(id, "REQUIREMENTS", "dataset", null), 422);
        assertThat(api.get("auditor", "/api/v1/projects/" + id + "/deliverables")
                        .body()
                        .path("total")
                        .asLong())
                .isEqualTo(1);

        fixtures.bringTo(id, "REQUIREMENTS", "AWAITING_GATE");
        JsonNode awaitingGate = fixtures.view(id);
        problem(fixtures.decide("pmo", id, "REQUIREMENTS", "LOOP"), 422);
        problem(fixtures.decide("pmo", id, "REQUIREMENTS", "ACCEPT_RISK"), 422);
        assertThat(fixtures.view(id)).as("a refused decision changed nothing").isEqualTo(awaitingGate);
    }

    @Test
    void refusesApprovalAtValidationWhileAKpiIsUnmet() {
        String id = fixtures.create("Unmet KPI").path("id").asText();
        fixtures.bringTo(id, "VALIDATION", "AWAITING_GATE", "dev", Map.of("accuracy", 0.85, "p95LatencyMs", 1500.0));
        JsonNode awaitingGate = fixtures.view(id);
        assertThat(texts(awaitingGate.path("gate").path("unmetKpis"))).containsExactly("accuracy");

        Answer approve = fixtures.decide("pmo", id, "VALIDATION", "APPROVE");
        problem(approve, 422);
        assertThat(texts(approve.body().path("missing"))).containsExactly("kpi:accuracy");
        assertThat(fixtures.view(id)).as("a refused approval changed nothing").isEqualTo(awaitingGate);
    }

    private static void problem(Answer answer, int status) {
        assertThat(answer.status()).as("status of %s", answer.raw()).isEqualTo(status);
        MediaType type = answer.headers().getContentType();
        assertThat(type).as("Content-Type of %s", answer.raw()).isNotNull();
        assertThat(type.getType() + "/" + type.getSubtype()).isEqualTo("application/problem+json");
        JsonNode body = answer.body();
        assertThat(body).as("problem body %s", answer.raw()).isNotNull();
        assertThat(body.path("type").asText()).isNotBlank();
        assertThat(body.path("title").asText()).isNotBlank();
        assertThat(body.path("status").asInt()).isEqualTo(status);
        assertThat(body.path("detail").asText()).isNotBlank();
        assertThat(LEAK.matcher(answer.raw()).find())
                .as("implementation details in %s", answer.raw())
                .isFalse();
    }

    private static void fieldError(Answer answer, String field) {
        problem(answer, 400);
        assertThat(answer.body().path("errors").findValuesAsText("field"))
                .as(answer.raw())
                .contains(field);
    }

    private Answer signoff(String user, String id, String phase, String function) {
        return api.post(
                user,
                "/api/v1/projects/" + id + "/phases/" + phase + "/signoffs/" + function,
                Map.of("decision", "APPROVE", "comment", "ok"));
    }

    private long portfolioTotal() {
        Answer page = api.get("auditor", "/api/v1/projects?size=1");
        assertThat(page.status()).isEqualTo(200);
        return page.body().path("total").asLong();
    }

    private static Map<String, Object> request() {
        return ProjectFixtures.projectRequest(ProjectFixtures.uniqueName("Error contract"));
    }

    private static Map<String, Object> reference(String id) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("phase", "REQUIREMENTS");
        body.put("type", "requirements-spec");
        body.put("title", "Requirements");
        body.put("uri", "https://artifacts.example.com/" + id + "/requirements-spec");
        body.put("sha256", "a".repeat(64));
        return body;
    }

    @Test
    void answersRequestsTomcatRefusesBeforeSpringWithProblemDetailsToo() throws Exception {
        java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
        for (String path : List.of("/api/v1/projects/%00", "/api/v1/projects/x%2F..%2Fy")) {
            java.net.http.HttpResponse<String> answer = client.send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + port + path))
                            .header(HttpHeaders.AUTHORIZATION, Api.basic("pmo", "demo"))
                            .build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(path).isEqualTo(400);
            assertThat(answer.headers().firstValue("Content-Type").orElse(""))
                    .as(path)
                    .startsWith("application/problem+json");
            assertThat(answer.body()).as(path).contains("\"status\":400").doesNotContain("Tomcat");
        }
    }
}

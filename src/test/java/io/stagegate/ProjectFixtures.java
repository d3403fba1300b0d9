package io.stagegate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stagegate.Api.Answer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;

/**
 * Creates projects and brings them to a given phase and state over the public HTTP API only, as the demo users
 * would: {@code dev} registers what the gate view says is missing and confirms the pending checks, {@code biz},
 * {@code tech} and {@code comp} sign off their functions, {@code pmo} decides. Every step asserts its own status,
 * so a fixture that cannot get where a test needs it fails there, with the answer's body.
 */
public final class ProjectFixtures {

    public static final List<String> PHASES =
            List.of("REQUIREMENTS", "ARCHITECTURE", "DATA", "MODEL", "INTEGRATION", "VALIDATION", "OPERATION");

    /** Who signs off each function: the one demo member of that function's group. */
    public static final Map<String, String> SIGNERS =
            Map.of("BUSINESS", "biz", "TECHNOLOGY", "tech", "COMPLIANCE", "comp");

    /** Test-report metrics that meet the KPIs of {@link #projectRequest(String)}. */
    public static final Map<String, Double> KPIS_MET = Map.of("accuracy", 0.95, "p95LatencyMs", 1500.0);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Api api;

    public ProjectFixtures(Api api) {
        this.api = api;
    }

    public Api api() {
        return api;
    }

    /**
     * A valid creation request: a RETAIL project with MEDIUM privacy and a COMPLEX process, so the policy recommends
     * HYBRID deployment with an agent framework, the ARCHITECTURE gate needs only TECHNOLOGY (until the approach
     * deviates) and two KPIs: accuracy at least 0.9, p95 latency at most 2000 ms.
     */
    public static Map<String, Object> projectRequest(String name) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("industry", "RETAIL");
        body.put("privacyLevel", "MEDIUM");
        body.put("processComplexity", "COMPLEX");
        body.put("domainSpecialization", "GENERAL");
        body.put(
                "kpis",
                List.of(
                        kpi("accuracy", 0.8, 0.9, "ratio", "AT_LEAST"),
                        kpi("p95LatencyMs", 3000, 2000, "ms", "AT_MOST")));
        body.put("team", Map.of("businessOwner", "biz", "techLead", "tech", "complianceOfficer", "comp"));
        return body;
    }

    public static Map<String, Object> kpi(
            String metric, double baseline, double target, String unit, String direction) {
        return Map.of("metric", metric, "baseline", baseline, "target", target, "unit", unit, "direction", direction);
    }

    public static String uniqueName(String prefix) {
        return prefix + " " + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Creates a project as {@code pmo}; returns the project view. */
    public JsonNode create(String prefix) {
        return create("pmo", projectRequest(uniqueName(prefix)));
    }

    public JsonNode create(String user, Map<String, Object> request) {
        Answer created = api.post(user, "/api/v1/projects", request);
        assertThat(created.status()).as("create project: %s", created.raw()).isEqualTo(201);
        return created.body();
    }

    public JsonNode view(String id) {
        Answer answer = api.get("pmo", "/api/v1/projects/" + id);
        assertThat(answer.status()).as("project view: %s", answer.raw()).isEqualTo(200);
        return answer.body();
    }

    /** Registers every deliverable the gate view lists as missing, by reference (uri + sha256). */
    public JsonNode registerMissingDeliverables(String id, Map<String, Double> metrics) {
        JsonNode view = view(id);
        String phase = view.path("currentPhase").asText();
        for (JsonNode type : view.path("gate").path("missingDeliverables")) {
            Answer registered = reference(id, phase, type.asText(), metrics);
            assertThat(registered.status())
                    .as("register %s: %s", type, registered.raw())
                    .isEqualTo(201);
        }
        return view(id);
    }

    /** Registers a deliverable by reference as {@code dev}; the report types carry the given metrics. */
    public Answer reference(String id, String phase, String type, Map<String, Double> metrics) {
        return api.post("dev", "/api/v1/projects/" + id + "/deliverables", referenceRequest(id, phase, type, metrics));
    }

    /** The body of a registration by reference (uri + sha256); the report types carry the given metrics. */
    public static Map<String, Object> referenceRequest(
            String id, String phase, String type, Map<String, Double> metrics) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("phase", phase);
        body.put("type", type);
        body.put("title", type + " of " + id);
        body.put("uri", "https://artifacts.example.com/" + id + "/" + type);
        body.put("sha256", sha256(type + id));
        if (isReport(type) && metrics != null) {
            body.put("metrics", metrics);
        }
        return body;
    }

    /** Uploads a deliverable's content as {@code multipart/form-data} with parts {@code metadata} and {@code file}. */
    public Answer upload(String user, String id, Map<String, Object> metadata, String fileName, String content) {
        String boundary = "stagegate-" + UUID.randomUUID();
        StringBuilder body = new StringBuilder();
        body.append("--")
                .append(boundary)
                .append("\r\n")
                .append("Content-Disposition: form-data; name=\"metadata\"\r\n")
                .append("Content-Type: application/json\r\n\r\n")
                .append(json(metadata))
                .append("\r\n--")
                .append(boundary)
                .append("\r\n")
                .append("Content-Disposition: form-data; name=\"file\"; filename=\"")
                .append(fileName)
                .append("\"\r\n")
                .append("Content-Type: text/plain\r\n\r\n")
                .append(content)
                .append("\r\n--")
                .append(boundary)
                .append("--\r\n");
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.CONTENT_TYPE, "multipart/form-data; boundary=" + boundary);
        return api.call(HttpMethod.POST, user, "/api/v1/projects/" + id + "/deliverables", body.toString(), headers);
    }

    /** Confirms every check the gate view lists as pending, as {@code dev}. */
    public JsonNode confirmPendingChecks(String id) {
        JsonNode view = view(id);
        String phase = view.path("currentPhase").asText();
        for (JsonNode check : view.path("gate").path("pendingChecks")) {
            Answer confirmed = api.post(
                    "dev",
                    "/api/v1/projects/" + id + "/phases/" + phase + "/checks/" + check.asText(),
                    Map.of("confirmed", true, "evidence", "confirmed by the contract tests"));
            assertThat(confirmed.status())
                    .as("confirm %s: %s", check, confirmed.raw())
                    .isEqualTo(200);
        }
        return view(id);
    }

    public JsonNode prepare(String id, Map<String, Double> metrics) {
        registerMissingDeliverables(id, metrics);
        return confirmPendingChecks(id);
    }

    public JsonNode submit(String id, String user) {
        String phase = view(id).path("currentPhase").asText();
        Answer submitted = api.post(user, "/api/v1/projects/" + id + "/phases/" + phase + "/submit", null);
        assertThat(submitted.status())
                .as("submit %s: %s", phase, submitted.raw())
                .isEqualTo(200);
        return submitted.body();
    }

    /** Approves every pending sign-off of the current phase; returns the last view. */
    public JsonNode signOffAll(String id) {
        JsonNode view = view(id);
        String phase = view.path("currentPhase").asText();
        for (String function : texts(view.path("gate").path("pendingSignoffs"))) {
            view = signOff(id, phase, function, SIGNERS.get(function));
        }
        return view;
    }

    public JsonNode signOff(String id, String phase, String function, String user) {
        Answer signed = api.post(
                user,
                "/api/v1/projects/" + id + "/phases/" + phase + "/signoffs/" + function,
                Map.of("decision", "APPROVE", "comment", "fine from " + function));
        assertThat(signed.status())
                .as("sign-off %s by %s: %s", function, user, signed.raw())
                .isEqualTo(200);
        return signed.body();
    }

    public Answer decide(String user, String id, String phase, String decision) {
        return api.post(
                user,
                "/api/v1/projects/" + id + "/phases/" + phase + "/gate",
                Map.of("decision", decision, "comment", decision + " by " + user));
    }

    public JsonNode approve(String id) {
        String phase = view(id).path("currentPhase").asText();
        Answer decided = decide("pmo", id, phase, "APPROVE");
        assertThat(decided.status()).as("approve %s: %s", phase, decided.raw()).isEqualTo(200);
        return decided.body();
    }

    /** Takes the current phase through an approved gate, with test reports that meet the KPIs. */
    public JsonNode passCurrentPhase(String id) {
        prepare(id, KPIS_MET);
        submit(id, "dev");
        signOffAll(id);
        return approve(id);
    }

    /**
     * Brings a project to {@code phase} in {@code state} (IN_PREPARATION, AWAITING_SIGNOFF or AWAITING_GATE). The
     * phase is prepared with test reports carrying {@code metrics} and submitted by {@code submitter}.
     */
    public JsonNode bringTo(String id, String phase, String state, String submitter, Map<String, Double> metrics) {
        JsonNode view = view(id);
        while (!view.path("currentPhase").asText().equals(phase)) {
            assertThat(PHASES.indexOf(view.path("currentPhase").asText()))
                    .as("project %s is already past %s", id, phase)
                    .isLessThan(PHASES.indexOf(phase));
            view = passCurrentPhase(id);
        }
        if (state.equals("IN_PREPARATION")) {
            return view;
        }
        prepare(id, metrics);
        view = submit(id, submitter);
        if (state.equals("AWAITING_SIGNOFF")) {
            return view;
        }
        view = signOffAll(id);
        assertThat(view.path("phaseState").asText()).isEqualTo("AWAITING_GATE");
        return view;
    }

    public JsonNode bringTo(String id, String phase, String state) {
        return bringTo(id, phase, state, "dev", KPIS_MET);
    }

    /** The open task of the project with this key, e.g. {@code gate-review}. */
    public static JsonNode openTask(JsonNode view, String key) {
        for (JsonNode task : view.path("openTasks")) {
            if (key.equals(task.path("key").asText())) {
                return task;
            }
        }
        throw new AssertionError("no open " + key + " task in " + view.path("openTasks"));
    }

    public static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(node -> values.add(node.asText()));
        return values;
    }

    public static boolean isReport(String type) {
        return type.equals("test-report") || type.equals("evaluation-report");
    }

    public static String sha256(String text) {
        return sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}

package io.stagegate.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stagegate.Api;
import io.stagegate.ProjectFixtures;
import io.stagegate.ReliabilityReport;
import io.stagegate.StagegateIntegrationTest;
import io.stagegate.reliability.HostileInputs.Category;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Hostile input against every operation of {@code /api/v1}, found in the service's own OpenAPI document so that a
 * new endpoint is covered without touching this class. Inputs are generated from a seed (see {@link HostileInputs}):
 * broken JSON bodies (wrong types, unknown enum values and fields, huge strings and bodies, deep nesting, invalid
 * UTF-8, control characters), traversal and injection strings in path and query parameters, paging out of range,
 * and multipart bombs (too many parts, huge part headers, oversized uploads). Each answer must be a 4xx RFC 9457
 * problem detail with no internals in it — a read with a free-text filter may also answer 2xx — (blank values count as no filter), and a refused write
 * must change nothing: the portfolio, the audit event count, the target project's view, its chain head and the
 * webhook subscriptions are compared before and after. {@code -Dstagegate.reliability.tries=N} sets the number of
 * generated inputs (default 150), {@code -Dstagegate.reliability.seed=S} replays a run.
 */
@StagegateIntegrationTest
class HostileInputTests {

    static final int TRIES = Integer.getInteger("stagegate.reliability.tries", 150);
    /**
     * The default build tries the same inputs every time, so a red build always means a change broke something; the
     * reliability profile passes a fresh seed per run to explore further.
     */
    static final long DEFAULT_SEED = 15155839245269L;

    static final long SEED = Long.getLong("stagegate.reliability.seed", DEFAULT_SEED);

    /** What must never reach a caller: stack frames, class and package names, SQL. */
    static final Pattern LEAK = Pattern.compile("Exception|\\tat |\\bat [a-z]+\\.[a-z]+\\.|java\\.|jakarta\\."
            + "|org\\.springframework|org\\.camunda|org\\.h2|org\\.postgresql|com\\.fasterxml|io\\.stagegate"
            + "|\\bSQL\\b|\"trace\"|(?i:\\bselect\\b.*\\bfrom\\b)|(?i:\\binsert into\\b)|Tomcat");

    private static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final Map<String, Integer> byCategory = new TreeMap<>();
    private static final Map<String, Integer> byStatus = new TreeMap<>();
    private static final List<String> violations = new ArrayList<>();
    private static int tried;
    private static int clientErrors;
    private static int harmlessReads;
    private static int serverErrors;
    private static int changes;
    private static int operationsCovered;
    private static int operationsInDocument;
    private static int operationsWithInput;

    @LocalServerPort
    int port;

    private Api api;
    private HttpClient http;
    private String target;

    @BeforeEach
    void connect() {
        api = new Api(port);
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        target = new ProjectFixtures(api)
                .create("Hostile input target")
                .path("id")
                .asText();
    }

    @AfterAll
    static void record() {
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("seed", SEED);
        figures.put("inputs tried", tried);
        figures.put("inputs by category", byCategory);
        figures.put(
                "API operations attacked / taking input / in the OpenAPI document",
                operationsCovered + " / " + operationsWithInput + " / " + operationsInDocument);
        figures.put("answers by status", byStatus);
        figures.put("4xx problem-details answers", clientErrors);
        figures.put("2xx answers to reads with a free-text or blank filter", harmlessReads);
        figures.put("5xx answers", serverErrors);
        figures.put("answers violating the contract (not 4xx problem details, internals leaked)", violations.size());
        figures.put("state changes detected after refused writes", changes);
        ReliabilityReport.record(
                "hostile-input",
                "Hostile input against every /api/v1 operation of the OpenAPI document, multipart bombs and oversized"
                        + " uploads",
                figures);
    }

    record Operation(String method, String path, JsonNode operation) {

        boolean write() {
            return !method.equals("GET");
        }

        List<JsonNode> parameters(String in) {
            List<JsonNode> found = new ArrayList<>();
            operation.path("parameters").forEach(p -> {
                if (in.equals(p.path("in").asText())) {
                    found.add(p);
                }
            });
            return found;
        }

        JsonNode jsonBody() {
            return operation
                    .path("requestBody")
                    .path("content")
                    .path("application/json")
                    .path("schema");
        }
    }

    @Test
    void refusesHostileInputToEveryOperationWithProblemDetailsAndChangesNothing() throws Exception {
        JsonNode document = api.get("pmo", "/v3/api-docs").body();
        assertThat(document).as("the OpenAPI document").isNotNull();
        JsonNode components = document.path("components");
        List<Operation> operations = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths =
                        document.path("paths").fields();
                paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            if (!path.getKey().startsWith("/api/v1")) {
                continue;
            }
            path.getValue().fields().forEachRemaining(method -> {
                if (METHODS.contains(method.getKey())) {
                    operations.add(new Operation(method.getKey().toUpperCase(), path.getKey(), method.getValue()));
                }
            });
        }
        assertThat(operations).as("operations of /api/v1").hasSizeGreaterThan(20);
        operationsInDocument = operations.size();
        System.out.println(
                "HostileInputTests seed " + SEED + " (replay with -Dstagegate.reliability.seed=" + SEED + ")");
        HostileInputs inputs = new HostileInputs(new Random(SEED));
        Set<String> covered = new java.util.HashSet<>();

        // operations without parameters or body (e.g. GET /api/v1/lifecycle) take no input to attack
        List<Operation> attackable =
                operations.stream().filter(o -> !applicable(o).isEmpty()).toList();
        for (int i = 0; i < TRIES; i++) {
            Operation operation = attackable.get(i % attackable.size());
            Category category = inputs.pick(applicable(operation));
            Hostile request = build(operation, category, inputs, components);
            covered.add(operation.method() + " " + operation.path());
            send(operation, category, request);
        }
        operationsCovered = covered.size();
        operationsWithInput = attackable.size();
        assertThat(violations).as("violations (seed %d)", SEED).isEmpty();
        assertThat(covered).as("every operation got hostile input").hasSize(Math.min(TRIES, attackable.size()));
    }

    @Test
    void refusesMultipartBombsAndOversizedUploadsAndChangesNothing() throws Exception {
        HostileInputs inputs = new HostileInputs(new Random(SEED + 1));
        String path = "/api/v1/projects/" + target + "/deliverables";
        String metadata = "{\"phase\":\"REQUIREMENTS\",\"type\":\"requirements-spec\",\"title\":\"Bomb\"}";
        int bombs = Math.max(6, TRIES / 10);
        for (int i = 0; i < bombs; i++) {
            String boundary = "bomb" + i;
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            String label;
            switch (i % 4) {
                case 0 -> {
                    label = "MULTIPART_MANY_PARTS";
                    part(body, boundary, "metadata", null, "application/json", "", metadata.getBytes());
                    part(body, boundary, "file", "a.txt", "text/plain", "", "content".getBytes());
                    int extra = inputs.between(10, 3000);
                    for (int p = 0; p < extra; p++) {
                        part(body, boundary, "p" + p, null, "text/plain", "", "x".getBytes());
                    }
                }
                case 1 -> {
                    label = "MULTIPART_HUGE_PART_HEADER";
                    String header = "X-Filler: " + "h".repeat(inputs.between(2_000, 60_000)) + "\r\n";
                    part(body, boundary, "metadata", null, "application/json", header, metadata.getBytes());
                    part(body, boundary, "file", "a.txt", "text/plain", "", "content".getBytes());
                }
                case 2 -> {
                    label = "MULTIPART_MALFORMED";
                    body.writeBytes(inputs.pick(List.of(
                                    "--" + boundary + "\r\nContent-Disposition: form-data\r\n\r\nno name",
                                    "no boundary at all",
                                    "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                                            + "a.txt\"\r\n\r\nunterminated",
                                    "--" + boundary + "\r\nContent-Disposition: form-data; name=\"metadata\"\r\n"
                                            + "Content-Type: application/json\r\n\r\n{\"phase\":[[[[\r\n--" + boundary
                                            + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a\"\r\n\r\n"
                                            + "x\r\n--" + boundary + "--\r\n"))
                            .getBytes(StandardCharsets.UTF_8));
                }
                default -> {
                    label = "MULTIPART_OVERSIZED_UPLOAD";
                    part(body, boundary, "metadata", null, "application/json", "", metadata.getBytes());
                    byte[] huge = new byte[20 * 1024 * 1024 + inputs.between(1, 2 * 1024 * 1024)];
                    part(body, boundary, "file", "huge.bin", "application/octet-stream", "", huge);
                }
            }
            if (!label.equals("MULTIPART_MALFORMED")) {
                body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
            }
            Hostile request = new Hostile(path, "multipart/form-data; boundary=" + boundary, body.toByteArray(), false);
            send(new Operation("POST", "/api/v1/projects/{id}/deliverables", JSON.createObjectNode()), label, request);
        }
        assertThat(violations).as("violations (seed %d)", SEED).isEmpty();
    }

    private static void part(
            ByteArrayOutputStream body,
            String boundary,
            String name,
            String fileName,
            String type,
            String extraHeaders,
            byte[] content) {
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\""
                        + (fileName == null ? "" : "; filename=\"" + fileName + "\"") + "\r\nContent-Type: " + type
                        + "\r\n" + extraHeaders + "\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.writeBytes(content);
        body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
    }

    /** One generated request: the raw path (query included), its body and whether a 2xx read is acceptable. */
    record Hostile(String path, String contentType, byte[] body, boolean freeTextRead) {}

    private static List<Category> applicable(Operation operation) {
        List<Category> categories = new ArrayList<>();
        if (!operation.jsonBody().isMissingNode()) {
            categories.addAll(List.of(
                    Category.WRONG_TYPE,
                    Category.UNKNOWN_ENUM_VALUE,
                    Category.UNKNOWN_FIELD,
                    Category.MALFORMED_JSON,
                    Category.HUGE_STRING,
                    Category.HUGE_BODY,
                    Category.DEEP_NESTING,
                    Category.INVALID_UTF8,
                    Category.CONTROL_CHARACTERS));
        }
        if (!operation.parameters("path").isEmpty()) {
            categories.add(Category.HOSTILE_PATH_PARAMETER);
        }
        if (!operation.parameters("query").isEmpty()) {
            categories.add(Category.HOSTILE_QUERY_PARAMETER);
        }
        if (operation.parameters("query").stream()
                .anyMatch(p -> Set.of("page", "size").contains(p.path("name").asText()))) {
            categories.add(Category.PAGING_OUT_OF_RANGE);
        }
        return categories;
    }

    private Hostile build(Operation operation, Category category, HostileInputs inputs, JsonNode components) {
        Map<String, String> pathValues = new LinkedHashMap<>();
        for (JsonNode parameter : operation.parameters("path")) {
            pathValues.put(
                    parameter.path("name").asText(),
                    wellFormed(operation.path(), parameter.path("name").asText()));
        }
        Map<String, String> query = new LinkedHashMap<>();
        boolean freeText = false;
        if (category == Category.HOSTILE_PATH_PARAMETER) {
            String name = inputs.pick(new ArrayList<>(pathValues.keySet()));
            pathValues.put(name, encodePath(inputs.hostileString(), inputs.pick(List.of(true, false))));
        } else if (category == Category.HOSTILE_QUERY_PARAMETER) {
            JsonNode parameter = inputs.pick(operation.parameters("query"));
            JsonNode schema = HostileInputs.resolve(parameter.path("schema"), components);
            freeText = "string".equals(schema.path("type").asText()) && !schema.has("enum") && !schema.has("format");
            String value = inputs.hostileString();
            // a blank value is no filter at all (Spring treats it as absent), so a 2xx read is right
            freeText |= value.isBlank();
            query.put(parameter.path("name").asText(), value);
            if (inputs.between(0, 4) == 0) {
                for (int i = 0; i < inputs.between(101, 400); i++) {
                    query.put("p" + i, "x");
                }
                freeText = false;
            }
        } else if (category == Category.PAGING_OUT_OF_RANGE) {
            query.put(inputs.pick(List.of("page", "size")), inputs.pagingValue());
        }
        String path = operation.path();
        for (Map.Entry<String, String> value : pathValues.entrySet()) {
            path = path.replace("{" + value.getKey() + "}", value.getValue());
        }
        if (!query.isEmpty()) {
            StringBuilder q = new StringBuilder();
            query.forEach((k, v) -> q.append(q.isEmpty() ? "?" : "&")
                    .append(k)
                    .append('=')
                    .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
            path += q;
        }
        JsonNode schema = operation.jsonBody();
        if (schema.isMissingNode()) {
            return new Hostile(path, null, null, freeText);
        }
        JsonNode valid = inputs.valid(schema, components, 0);
        List<Map.Entry<String, JsonNode>> properties = HostileInputs.properties(schema, components);
        byte[] body = HostileInputs.write(valid).getBytes(StandardCharsets.UTF_8);
        switch (category) {
            case WRONG_TYPE -> {
                ObjectNode broken = valid.deepCopy();
                List<Map.Entry<String, JsonNode>> candidates = new ArrayList<>(properties);
                java.util.Collections.shuffle(candidates, new Random(inputs.between(0, Integer.MAX_VALUE - 1)));
                boolean done = false;
                for (Map.Entry<String, JsonNode> property : candidates) {
                    JsonNode wrong = inputs.wrongType(property.getValue(), components);
                    if (wrong != null) {
                        broken.set(property.getKey(), wrong);
                        done = true;
                        break;
                    }
                }
                body = (done ? HostileInputs.write(broken) : "[\"not an object\"]").getBytes(StandardCharsets.UTF_8);
            }
            case UNKNOWN_ENUM_VALUE -> {
                ObjectNode broken = valid.deepCopy();
                String unknown =
                        inputs.pick(List.of("SPACE_MINING", "approve", "APPROVE ", "", "0", inputs.hostileString()));
                boolean done = false;
                for (Map.Entry<String, JsonNode> property : properties) {
                    if (HostileInputs.resolve(property.getValue(), components).has("enum")) {
                        broken.put(property.getKey(), unknown);
                        done = true;
                    }
                }
                if (!done) {
                    broken.put("decision-of-nobody", unknown);
                }
                body = HostileInputs.write(broken).getBytes(StandardCharsets.UTF_8);
            }
            case UNKNOWN_FIELD -> {
                ObjectNode broken = valid.deepCopy();
                broken.put(
                        inputs.pick(List.of("admin", "__proto__", "status", "id", "@class", "x")),
                        inputs.hostileString());
                body = HostileInputs.write(broken).getBytes(StandardCharsets.UTF_8);
            }
            case MALFORMED_JSON ->
                body = inputs.malformedJson(HostileInputs.write(valid)).getBytes(StandardCharsets.UTF_8);
            case HUGE_STRING -> {
                ObjectNode broken = valid.deepCopy();
                String field =
                        properties.isEmpty() ? "name" : inputs.pick(properties).getKey();
                broken.put(field, "s".repeat(inputs.between(4_001, 1_100_000)));
                body = HostileInputs.write(broken).getBytes(StandardCharsets.UTF_8);
            }
            case HUGE_BODY -> {
                StringBuilder huge = new StringBuilder("[");
                int items = inputs.between(200_000, 400_000);
                for (int i = 0; i < items; i++) {
                    huge.append(i == 0 ? "" : ",").append(i);
                }
                body = huge.append("]").toString().getBytes(StandardCharsets.UTF_8);
            }
            case DEEP_NESTING -> {
                ObjectNode broken = valid.deepCopy();
                String field =
                        properties.isEmpty() ? "name" : inputs.pick(properties).getKey();
                String json = HostileInputs.write(broken.put(field, "NESTED"));
                body = json.replace("\"NESTED\"", inputs.nested(inputs.between(65, 20_000)))
                        .getBytes(StandardCharsets.UTF_8);
            }
            case INVALID_UTF8 -> {
                ObjectNode broken = valid.deepCopy();
                String field = textField(properties, components, inputs);
                broken.put(field == null ? "name" : field, "BAD");
                body = inputs.withInvalidUtf8(HostileInputs.write(broken), "BAD");
            }
            case CONTROL_CHARACTERS -> {
                ObjectNode broken = valid.deepCopy();
                String field = textField(properties, components, inputs);
                String text = inputs.controlText();
                if (field == null || inputs.between(0, 3) == 0) {
                    // unescaped control characters in the JSON text itself
                    String json = HostileInputs.write(broken.put(field == null ? "name" : field, "CTRL"));
                    body = json.replace("CTRL", text).getBytes(StandardCharsets.UTF_8);
                } else {
                    body = HostileInputs.write(broken.put(field, text)).getBytes(StandardCharsets.UTF_8);
                }
            }
            default -> {}
        }
        return new Hostile(path, "application/json", body, freeText);
    }

    private static String textField(
            List<Map.Entry<String, JsonNode>> properties, JsonNode components, HostileInputs inputs) {
        List<String> texts = properties.stream()
                .filter(p -> {
                    JsonNode s = HostileInputs.resolve(p.getValue(), components);
                    return "string".equals(s.path("type").asText()) && !s.has("enum");
                })
                .map(Map.Entry::getKey)
                .toList();
        return texts.isEmpty() ? null : inputs.pick(texts);
    }

    /** The value a path parameter has when it is not the one under attack: the target project, a real phase … */
    private String wellFormed(String path, String name) {
        return switch (name) {
            case "id" -> path.startsWith("/api/v1/projects") ? target : "no-such-id";
            case "phase" -> "REQUIREMENTS";
            case "checkKey" -> "data-sources-compliant";
            case "function" -> "BUSINESS";
            default -> "no-such-" + name.toLowerCase();
        };
    }

    /** Percent-encodes all but unreserved characters; with {@code rawTraversal} slashes and dots stay as they are. */
    private static String encodePath(String value, boolean rawTraversal) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            boolean unreserved = (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '-'
                    || c == '_'
                    || c == '~';
            if (unreserved || (rawTraversal && (c == '/' || c == '.'))) {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.isEmpty() ? "%20" : out.toString();
    }

    private static String user(Operation operation) {
        String path = operation.path();
        if (path.contains("/signoffs/")) {
            return "biz";
        }
        if (path.startsWith("/api/v1/webhooks") || (path.endsWith("/metrics") && operation.write())) {
            return "integration";
        }
        if (path.contains("/deliverables")
                || path.contains("/checks/")
                || path.endsWith("/submit")
                || path.endsWith("/approach")) {
            return "dev";
        }
        return "pmo";
    }

    private void send(Operation operation, Object category, Hostile request) throws Exception {
        Fingerprint before = operation.write() ? fingerprint() : null;
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://localhost:" + port + request.path()))
                .timeout(Duration.ofSeconds(120))
                .header("Authorization", Api.basic(user(operation), "demo"))
                .header("Accept", "application/json, application/problem+json");
        if (request.contentType() != null) {
            builder.header("Content-Type", request.contentType());
        }
        builder.method(
                operation.method(),
                request.body() == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(request.body()));
        int status;
        String type;
        String raw;
        try {
            HttpResponse<String> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            status = response.statusCode();
            type = response.headers().firstValue("Content-Type").orElse("");
            raw = response.body();
        } catch (java.io.IOException closed) {
            // the server may close the connection on a request it refuses mid-body; that is not an answer to count
            status = -1;
            type = "";
            raw = String.valueOf(closed);
        }
        tried++;
        byCategory.merge(category.toString(), 1, Integer::sum);
        byStatus.merge(String.valueOf(status), 1, Integer::sum);
        String what = category + " " + operation.method() + " " + abbreviate(request.path()) + " → " + status + " "
                + abbreviate(raw);
        if (status >= 500) {
            serverErrors++;
            violations.add("5xx: " + what);
        } else if (status >= 200 && status < 300 && request.freeTextRead() && !operation.write()) {
            harmlessReads++;
        } else if (status >= 400 && status < 500 && isProblem(status, type, raw)) {
            clientErrors++;
        } else {
            violations.add("not a 4xx problem detail: " + what);
        }
        if (LEAK.matcher(raw).find()) {
            violations.add("internals leaked: " + what);
        }
        if (before != null) {
            Fingerprint after = fingerprint();
            if (!before.equals(after)) {
                changes++;
                violations.add("state changed: " + what + "\n before " + before + "\n after " + after);
            }
        }
    }

    private static boolean isProblem(int status, String type, String raw) {
        if (!type.startsWith("application/problem+json")) {
            return false;
        }
        try {
            JsonNode body = JSON.readTree(raw);
            return body.path("status").asInt() == status
                    && !body.path("title").asText().isBlank()
                    && !body.path("type").asText().isBlank();
        } catch (Exception notJson) {
            return false;
        }
    }

    /** What a refused write must leave as it was. */
    record Fingerprint(
            long projects, long events, boolean chainValid, String project, String chainHead, String webhooks) {}

    private Fingerprint fingerprint() {
        JsonNode verify = api.get("auditor", "/api/v1/audit/verify").body();
        JsonNode history = api.get("auditor", "/api/v1/projects/" + target + "/history?size=200")
                .body();
        JsonNode items = history.path("items");
        String head =
                items.isEmpty() ? "" : items.get(items.size() - 1).path("hash").asText();
        return new Fingerprint(
                api.get("auditor", "/api/v1/projects?size=1")
                        .body()
                        .path("total")
                        .asLong(),
                verify.path("events").asLong(),
                verify.path("valid").asBoolean(),
                api.get("pmo", "/api/v1/projects/" + target).raw(),
                history.path("total").asLong() + ":" + head,
                api.get("integration", "/api/v1/webhooks?size=200").raw());
    }

    private static String abbreviate(String text) {
        return text.length() > 300 ? text.substring(0, 300) + "…(" + text.length() + " chars)" : text;
    }
}

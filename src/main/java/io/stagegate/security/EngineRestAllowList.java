package io.stagegate.security;

import java.util.List;
import java.util.Locale;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * What a user who is not {@code camunda-admin} may call on Camunda's engine REST API, on top of the engine's own
 * authorizations: reads, the POST query endpoints that take their criteria in the body, and working a task. Anything
 * not listed here is refused, so a new Camunda endpoint is closed until someone decides to open it. Paths are relative
 * to {@code /engine-rest}; the named-engine form {@code /engine/{name}/...} is treated like the default engine's.
 */
final class EngineRestAllowList {

    /** A method and path pattern (Spring {@link PathPattern} syntax) that a non-admin may call, and why. */
    record Entry(HttpMethod method, String path, String why) {}

    private static final String READ = "read-only query with criteria in the body";
    private static final String WORK = "working a task the engine already authorizes (TASK_WORK)";

    /**
     * The POST endpoints of the 7.24 engine REST API that only query (operation ids {@code query...} in the
     * {@code camunda-engine-rest-openapi} document), plus task work. Look-alikes such as
     * {@code /process-instance/delete-historic-query-based} or {@code /history/process-instance/delete} are writes and
     * are deliberately absent.
     */
    static final List<Entry> ENTRIES = List.of(
            new Entry(HttpMethod.GET, "/**", "reads"),
            new Entry(HttpMethod.HEAD, "/**", "reads"),
            new Entry(HttpMethod.POST, "/task", READ),
            new Entry(HttpMethod.POST, "/task/count", READ),
            new Entry(HttpMethod.POST, "/process-instance", READ),
            new Entry(HttpMethod.POST, "/process-instance/count", READ),
            new Entry(HttpMethod.POST, "/execution", READ),
            new Entry(HttpMethod.POST, "/execution/count", READ),
            new Entry(HttpMethod.POST, "/variable-instance", READ),
            new Entry(HttpMethod.POST, "/variable-instance/count", READ),
            new Entry(HttpMethod.POST, "/external-task", READ),
            new Entry(HttpMethod.POST, "/external-task/count", READ),
            new Entry(HttpMethod.POST, "/job", READ),
            new Entry(HttpMethod.POST, "/job/count", READ),
            new Entry(HttpMethod.POST, "/job-definition", READ),
            new Entry(HttpMethod.POST, "/job-definition/count", READ),
            new Entry(HttpMethod.POST, "/filter/{id}/list", READ),
            new Entry(HttpMethod.POST, "/filter/{id}/count", READ),
            new Entry(HttpMethod.POST, "/filter/{id}/singleResult", READ),
            new Entry(HttpMethod.POST, "/history/activity-instance", READ),
            new Entry(HttpMethod.POST, "/history/activity-instance/count", READ),
            new Entry(HttpMethod.POST, "/history/detail", READ),
            new Entry(HttpMethod.POST, "/history/external-task-log", READ),
            new Entry(HttpMethod.POST, "/history/external-task-log/count", READ),
            new Entry(HttpMethod.POST, "/history/job-log", READ),
            new Entry(HttpMethod.POST, "/history/job-log/count", READ),
            new Entry(HttpMethod.POST, "/history/process-instance", READ),
            new Entry(HttpMethod.POST, "/history/process-instance/count", READ),
            new Entry(HttpMethod.POST, "/history/task", READ),
            new Entry(HttpMethod.POST, "/history/task/count", READ),
            new Entry(HttpMethod.POST, "/history/variable-instance", READ),
            new Entry(HttpMethod.POST, "/history/variable-instance/count", READ),
            new Entry(HttpMethod.POST, "/task/{id}/claim", WORK),
            new Entry(HttpMethod.POST, "/task/{id}/unclaim", WORK),
            new Entry(HttpMethod.POST, "/task/{id}/complete", WORK),
            new Entry(HttpMethod.POST, "/task/{id}/submit-form", WORK));

    /** Headers through which a JAX-RS stack could be asked to treat a POST as another method. */
    private static final List<String> METHOD_OVERRIDE_HEADERS =
            List.of("X-HTTP-Method-Override", "X-HTTP-Method", "X-Method-Override");

    private final List<CompiledEntry> compiled;

    EngineRestAllowList() {
        this(ENTRIES);
    }

    EngineRestAllowList(List<Entry> entries) {
        PathPatternParser parser = new PathPatternParser();
        this.compiled = entries.stream()
                .map(entry -> new CompiledEntry(entry.method(), parser.parse(entry.path())))
                .toList();
    }

    /**
     * Whether a non-admin may send this request.
     *
     * @param method the HTTP method
     * @param path the path below {@code /engine-rest}, e.g. {@code /task/42/complete}
     * @param methodOverride the value of any method-override header, or {@code null}
     */
    boolean permits(String method, String path, String methodOverride) {
        if (methodOverride != null) {
            return false;
        }
        HttpMethod httpMethod = HttpMethod.valueOf(method.toUpperCase(Locale.ROOT));
        PathContainer container = PathContainer.parsePath(defaultEngineForm(path));
        return compiled.stream()
                .anyMatch(entry ->
                        entry.method().equals(httpMethod) && entry.pattern().matches(container));
    }

    static List<String> methodOverrideHeaders() {
        return METHOD_OVERRIDE_HEADERS;
    }

    /** {@code /engine/default/task/count} → {@code /task/count}; the engine listing {@code /engine} stays as it is. */
    static String defaultEngineForm(String path) {
        String[] segments = path.split("/", 4); // "", "engine", name, rest
        if (segments.length == 4 && segments[0].isEmpty() && "engine".equals(segments[1]) && !segments[2].isEmpty()) {
            return "/" + segments[3];
        }
        return path;
    }

    private record CompiledEntry(HttpMethod method, PathPattern pattern) {}
}

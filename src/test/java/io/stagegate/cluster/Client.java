package io.stagegate.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/**
 * A real HTTP client for one application process, with timeouts: unlike {@link io.stagegate.Api} it must survive a
 * process that is killed mid-request or a request that hangs on a stopped database. A request that got no answer
 * (connection refused or reset, timeout) is returned with status {@link #NO_ANSWER} — its outcome is unknown, which
 * the crash tests must tell apart from an acknowledged write.
 */
final class Client {

    static final int NO_ANSWER = -1;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final String base;
    private final Duration timeout;

    Client(int port, Duration timeout) {
        this.base = "http://127.0.0.1:" + port;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(2))
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    Client(int port) {
        this(port, Duration.ofSeconds(60));
    }

    /** One answer; {@code body} is null unless the answer was JSON; {@code millis} is the time the call took. */
    record Answer(int status, JsonNode body, HttpHeaders headers, String raw, long millis) {

        boolean ok() {
            return status >= 200 && status < 300;
        }

        boolean answered() {
            return status != NO_ANSWER;
        }

        String text(String field) {
            return body == null ? null : body.path(field).asText(null);
        }
    }

    Answer get(String user, String path) {
        return send("GET", user, path, null);
    }

    Answer post(String user, String path, Object body) {
        return send("POST", user, path, body == null ? "" : body);
    }

    Answer put(String user, String path, Object body) {
        return send("PUT", user, path, body);
    }

    Answer delete(String user, String path) {
        return send("DELETE", user, path, null);
    }

    Answer send(String method, String user, String path, Object body) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout);
        if (user != null) {
            request.header(
                    "Authorization",
                    "Basic " + Base64.getEncoder().encodeToString((user + ":demo").getBytes(StandardCharsets.UTF_8)));
        }
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json");
            request.method(method, HttpRequest.BodyPublishers.ofByteArray(serialize(body)));
        }
        long started = System.nanoTime();
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            long millis = (System.nanoTime() - started) / 1_000_000;
            return new Answer(
                    response.statusCode(), parse(response.body()), response.headers(), response.body(), millis);
        } catch (IOException e) {
            long millis = (System.nanoTime() - started) / 1_000_000;
            return new Answer(
                    NO_ANSWER, null, HttpHeaders.of(java.util.Map.of(), (a, b) -> true), e.toString(), millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static JsonNode parse(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(raw);
        } catch (IOException notJson) {
            return null;
        }
    }

    private static byte[] serialize(Object body) {
        try {
            return body instanceof String s ? s.getBytes(StandardCharsets.UTF_8) : JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }
}

package io.stagegate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

/**
 * A real HTTP client for the running application, authenticating with the demo users' real credentials (HTTP
 * Basic, password {@code demo}). Answers are returned whatever their status, for the test to assert.
 */
public final class Api {

    private final RestClient client;
    private final ObjectMapper json = new ObjectMapper();

    public Api(int port) {
        this.client = RestClient.builder().baseUrl("http://localhost:" + port).build();
    }

    public record Answer(int status, JsonNode body, HttpHeaders headers, String raw) {}

    public Answer get(String user, String path) {
        return call(HttpMethod.GET, user, path, null, null);
    }

    public Answer post(String user, String path, Object body) {
        return call(HttpMethod.POST, user, path, body, null);
    }

    public Answer put(String user, String path, Object body) {
        return call(HttpMethod.PUT, user, path, body, null);
    }

    public Answer patch(String user, String path, Object body) {
        return call(HttpMethod.PATCH, user, path, body, null);
    }

    public Answer delete(String user, String path) {
        return call(HttpMethod.DELETE, user, path, null, null);
    }

    /** {@code user} null sends no credentials; {@code body} a String is sent as is, anything else as JSON. */
    public Answer call(HttpMethod method, String user, String path, Object body, HttpHeaders extra) {
        return client.method(method)
                .uri(path)
                .headers(h -> {
                    if (user != null) {
                        h.set(HttpHeaders.AUTHORIZATION, basic(user, "demo"));
                    }
                    if (extra != null) {
                        h.addAll(extra);
                    }
                    if (body != null && h.getContentType() == null) {
                        h.setContentType(MediaType.APPLICATION_JSON);
                    }
                })
                .body(body == null ? new byte[0] : serialize(body))
                .exchange((request, response) -> {
                    byte[] bytes = response.getBody().readAllBytes();
                    String raw = new String(bytes, StandardCharsets.UTF_8);
                    JsonNode node = null;
                    if (!raw.isBlank()) {
                        try {
                            node = json.readTree(raw);
                        } catch (Exception notJson) {
                            node = null;
                        }
                    }
                    return new Answer(response.getStatusCode().value(), node, response.getHeaders(), raw);
                });
    }

    public static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private byte[] serialize(Object body) {
        try {
            return body instanceof String s ? s.getBytes(StandardCharsets.UTF_8) : json.writeValueAsBytes(body);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}

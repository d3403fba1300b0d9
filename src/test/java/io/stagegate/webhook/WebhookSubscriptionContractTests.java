package io.stagegate.webhook;

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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;

/** The subscription API over real HTTP with the demo users' credentials: validation, roles and visibility. */
@StagegateIntegrationTest
class WebhookSubscriptionContractTests {

    private static final String SECRET = "contract-secret-0123456789";
    private static final String TARGET = "http://127.0.0.1:9/hook"; // allowed in the test profile; nothing listens

    @LocalServerPort
    int port;

    private Api api;
    private final List<String> created = new ArrayList<>();

    @BeforeEach
    void connect() {
        api = new Api(port);
    }

    @AfterEach
    void cleanUp() {
        created.forEach(id -> api.delete("pmo", "/api/v1/webhooks/" + id));
    }

    @Test
    void subscribesAndAnswersWithLocationButNeverTheSecret() {
        Answer answer =
                api.post("integration", "/api/v1/webhooks", request(TARGET, List.of("phase.entered", "gate.decided")));

        assertThat(answer.status()).as(answer.raw()).isEqualTo(201);
        String id = remember(answer);
        assertThat(answer.headers().getLocation()).isNotNull();
        assertThat(answer.headers().getLocation().getPath()).isEqualTo("/api/v1/webhooks/" + id);
        assertThat(answer.body().path("url").asText()).isEqualTo(TARGET);
        assertThat(ProjectFixtures.texts(answer.body().path("events")))
                .containsExactly("phase.entered", "gate.decided");
        assertThat(answer.body().path("createdBy").asText()).isEqualTo("integration");
        assertThat(answer.body().path("createdAt").asText()).isNotBlank();
        assertThat(answer.body().has("secret")).isFalse();
        for (String user : List.of("integration", "pmo", "auditor")) {
            for (String path :
                    List.of("/api/v1/webhooks", "/api/v1/webhooks/" + id, "/api/v1/webhooks/" + id + "/deliveries")) {
                Answer read = api.get(user, path);
                assertThat(read.status())
                        .as("%s %s: %s", user, path, read.raw())
                        .isEqualTo(200);
                assertThat(read.raw()).doesNotContain(SECRET).doesNotContainIgnoringCase("ciphertext");
            }
        }
    }

    @Test
    void refusesUrlsThatAreNotPublicOrNotHttp() {
        for (String url : List.of(
                "ftp://example.com/hook",
                "file:///etc/passwd",
                "http://10.0.0.1/hook",
                "http://192.168.1.20/hook",
                "http://169.254.169.254/latest/meta-data/",
                "http://[::1]:8080/hook",
                "https://user:password@example.com/hook",
                "not a url")) {
            assertRefused(request(url, List.of("phase.entered")), "url");
        }
        Map<String, Object> noUrl = request(TARGET, List.of("phase.entered"));
        noUrl.remove("url");
        assertRefused(noUrl, "url");
        assertRefused(request("https://example.com/" + "x".repeat(2000), List.of("phase.entered")), "url");
    }

    @Test
    void refusesUnknownOrMissingEventTypes() {
        assertRefused(request(TARGET, List.of("phase.entered", "project.deleted")), "events");
        assertRefused(request(TARGET, List.of()), "events");
        Map<String, Object> noEvents = request(TARGET, List.of());
        noEvents.remove("events");
        assertRefused(noEvents, "events");
    }

    @Test
    void refusesSecretsShorterThan16OrLongerThan256Characters() {
        Map<String, Object> shortSecret = request(TARGET, List.of("phase.entered"));
        shortSecret.put("secret", "fifteen-chars!!");
        assertRefused(shortSecret, "secret");
        Map<String, Object> longSecret = request(TARGET, List.of("phase.entered"));
        longSecret.put("secret", "s".repeat(257));
        assertRefused(longSecret, "secret");
        Map<String, Object> noSecret = request(TARGET, List.of("phase.entered"));
        noSecret.remove("secret");
        assertRefused(noSecret, "secret");
        Map<String, Object> unknownField = request(TARGET, List.of("phase.entered"));
        unknownField.put("active", true);
        assertRefused(unknownField, "active");

        Map<String, Object> sixteen = request(TARGET, List.of("phase.entered"));
        sixteen.put("secret", "exactly-16-chars");
        Answer accepted = api.post("pmo", "/api/v1/webhooks", sixteen);
        assertThat(accepted.status()).as(accepted.raw()).isEqualTo(201);
        remember(accepted);
    }

    @Test
    void letsOnlyIntegratingSystemsAndThePmoManageSubscriptions() {
        for (String user : List.of("dev", "auditor", "biz", "admin")) {
            Answer refused = api.post(user, "/api/v1/webhooks", request(TARGET, List.of("phase.entered")));
            assertThat(refused.status()).as(user).isEqualTo(403);
            assertThat(refused.headers().getContentType()).hasToString("application/problem+json");
        }
        assertThat(api.call(HttpMethod.GET, null, "/api/v1/webhooks", null, null)
                        .status())
                .isEqualTo(401);

        String integrations =
                remember(api.post("integration", "/api/v1/webhooks", request(TARGET, List.of("gate.decided"))));
        assertThat(api.delete("dev", "/api/v1/webhooks/" + integrations).status())
                .isIn(403, 404);
        assertThat(api.delete("auditor", "/api/v1/webhooks/" + integrations).status())
                .isEqualTo(403);
        assertThat(api.post("auditor", "/api/v1/webhooks/" + integrations + "/deliveries/x/redeliver", null)
                        .status())
                .isEqualTo(403);
        assertThat(api.delete("pmo", "/api/v1/webhooks/" + integrations).status())
                .isEqualTo(204);
    }

    @Test
    void showsCallersTheirOwnSubscriptionsAndThePmoAndAuditorsAll() {
        String integrations =
                remember(api.post("integration", "/api/v1/webhooks", request(TARGET, List.of("gate.decided"))));
        String pmos = remember(api.post("pmo", "/api/v1/webhooks", request(TARGET, List.of("project.status"))));

        assertThat(ids(api.get("integration", "/api/v1/webhooks?size=200")))
                .contains(integrations)
                .doesNotContain(pmos);
        assertThat(ids(api.get("pmo", "/api/v1/webhooks?size=200"))).contains(integrations, pmos);
        assertThat(ids(api.get("auditor", "/api/v1/webhooks?size=200"))).contains(integrations, pmos);
        assertThat(ids(api.get("dev", "/api/v1/webhooks?size=200"))).doesNotContain(integrations, pmos);
        assertThat(api.get("integration", "/api/v1/webhooks/" + pmos).status()).isEqualTo(404);
        assertThat(api.delete("integration", "/api/v1/webhooks/" + pmos).status())
                .isEqualTo(404);
        assertThat(api.get("auditor", "/api/v1/webhooks/" + integrations).status())
                .isEqualTo(200);

        JsonNode page = api.get("pmo", "/api/v1/webhooks?page=0&size=1").body();
        assertThat(page.path("items")).hasSize(1);
        assertThat(page.path("size").asInt()).isEqualTo(1);
        assertThat(page.path("total").asLong()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void answersUnknownIdsAndBadParametersWithProblemDetails() {
        String id = remember(api.post("integration", "/api/v1/webhooks", request(TARGET, List.of("gate.decided"))));

        assertThat(api.get("pmo", "/api/v1/webhooks/no-such-id").status()).isEqualTo(404);
        assertThat(api.get("pmo", "/api/v1/webhooks/no-such-id/deliveries").status())
                .isEqualTo(404);
        assertThat(api.get("pmo", "/api/v1/webhooks/" + id + "/deliveries/no-such-delivery")
                        .status())
                .isEqualTo(404);
        assertThat(api.post("pmo", "/api/v1/webhooks/" + id + "/deliveries/no-such-delivery/redeliver", null)
                        .status())
                .isEqualTo(404);
        Answer badSize = api.get("pmo", "/api/v1/webhooks?size=0");
        assertThat(badSize.status()).isEqualTo(400);
        assertThat(badSize.body().path("errors").findValuesAsText("field")).contains("size");
        Answer badStatus = api.get("pmo", "/api/v1/webhooks/" + id + "/deliveries?status=LOST");
        assertThat(badStatus.status()).isEqualTo(400);
        assertThat(badStatus.body().path("errors").findValuesAsText("field")).contains("status");
    }

    private void assertRefused(Map<String, Object> body, String field) {
        Answer answer = api.post("integration", "/api/v1/webhooks", body);
        assertThat(answer.status()).as("%s: %s", body, answer.raw()).isEqualTo(400);
        assertThat(answer.headers().getContentType()).hasToString("application/problem+json");
        assertThat(answer.body().path("errors").findValuesAsText("field"))
                .as("%s: %s", body, answer.raw())
                .anyMatch(f -> f.startsWith(field));
        assertThat(answer.raw()).doesNotContain(SECRET);
    }

    private String remember(Answer answer) {
        assertThat(answer.status()).as(answer.raw()).isEqualTo(201);
        String id = answer.body().path("id").asText();
        created.add(id);
        return id;
    }

    private static List<String> ids(Answer page) {
        assertThat(page.status()).as(page.raw()).isEqualTo(200);
        return page.body().path("items").findValuesAsText("id");
    }

    private static Map<String, Object> request(String url, List<String> events) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("url", url);
        body.put("events", events);
        body.put("secret", SECRET);
        return body;
    }
}

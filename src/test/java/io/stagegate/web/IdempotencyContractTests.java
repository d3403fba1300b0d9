package io.stagegate.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.stagegate.Api;
import io.stagegate.StagegateIntegrationTest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;

/** Idempotency-Key over real HTTP: a retried POST never creates a second project. */
@StagegateIntegrationTest
class IdempotencyContractTests {

    @LocalServerPort
    int port;

    Api api;

    @BeforeEach
    void connect() {
        api = new Api(port);
    }

    @Test
    void aRetryWithTheSameKeyAndBodyReplaysTheFirstResponseAndCreatesNothing() {
        String key = UUID.randomUUID().toString();
        String name = "Idempotent " + key;
        Api.Answer first = create("integration", key, name);
        Api.Answer retry = create("integration", key, name);

        assertThat(first.status()).isEqualTo(201);
        assertThat(retry.status()).isEqualTo(201);
        assertThat(retry.body().get("id").asText())
                .isEqualTo(first.body().get("id").asText());
        assertThat(retry.headers().getLocation()).isEqualTo(first.headers().getLocation());
        assertThat(retry.headers().getFirst("Idempotent-Replayed")).isEqualTo("true");
        assertThat(projectsNamed(name)).isEqualTo(1);
    }

    @Test
    void theSameKeyWithAnotherBodyIsRefusedWith422AndChangesNothing() {
        String key = UUID.randomUUID().toString();
        String name = "Keyed " + key;
        assertThat(create("integration", key, name).status()).isEqualTo(201);

        Api.Answer reused = create("integration", key, name + " (changed)");

        assertThat(reused.status()).isEqualTo(422);
        assertThat(reused.headers().getContentType().toString()).startsWith("application/problem+json");
        assertThat(reused.body().get("status").asInt()).isEqualTo(422);
        assertThat(projectsNamed(name + " (changed)")).isZero();
    }

    @Test
    void keysBelongToTheUserWhoSentThem() {
        String key = UUID.randomUUID().toString();
        String name = "Per user " + key;
        Api.Answer byIntegration = create("integration", key, name);
        Api.Answer byPmo = create("pmo", key, name);

        assertThat(byIntegration.status()).isEqualTo(201);
        assertThat(byPmo.status()).isEqualTo(201);
        assertThat(byPmo.body().get("id").asText())
                .isNotEqualTo(byIntegration.body().get("id").asText());
    }

    @Test
    void concurrentRetriesCreateExactlyOneProject() throws Exception {
        String key = UUID.randomUUID().toString();
        String name = "Concurrent " + key;
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<CompletableFuture<Api.Answer>> answers = java.util.stream.IntStream.range(0, 4)
                    .mapToObj(i -> CompletableFuture.supplyAsync(() -> create("integration", key, name), pool))
                    .toList();
            List<Integer> statuses =
                    answers.stream().map(f -> f.join().status()).toList();
            assertThat(statuses).allMatch(status -> status == 201 || status == 409);
            assertThat(statuses).contains(201);
        } finally {
            pool.shutdown();
        }
        assertThat(projectsNamed(name)).isEqualTo(1);
    }

    @Test
    void aMalformedKeyIsRefusedWith400() {
        Api.Answer answer =
                api.call(HttpMethod.POST, "integration", "/api/v1/projects", body("Bad key"), headers("x".repeat(256)));
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body().get("detail").asText()).contains("Idempotency-Key");
    }

    private Api.Answer create(String user, String key, String name) {
        return api.call(HttpMethod.POST, user, "/api/v1/projects", body(name), headers(key));
    }

    private long projectsNamed(String name) {
        Api.Answer page = api.get("pmo", "/api/v1/projects?size=200");
        long count = 0;
        for (var item : page.body().get("items")) {
            if (item.get("name").asText().equals(name)) {
                count++;
            }
        }
        return count;
    }

    private static HttpHeaders headers(String key) {
        HttpHeaders headers = new HttpHeaders();
        headers.set("Idempotency-Key", key);
        return headers;
    }

    private static Map<String, Object> body(String name) {
        return Map.of(
                "name", name,
                "industry", "RETAIL",
                "privacyLevel", "LOW",
                "processComplexity", "SIMPLE",
                "domainSpecialization", "GENERAL",
                "kpis",
                        List.of(Map.of(
                                "metric",
                                "accuracy",
                                "baseline",
                                0.8,
                                "target",
                                0.9,
                                "unit",
                                "ratio",
                                "direction",
                                "AT_LEAST")),
                "team", Map.of("businessOwner", "biz", "techLead", "tech", "complianceOfficer", "comp"));
    }
}

package io.stagegate.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.stagegate.Api;
import io.stagegate.Api.Answer;
import io.stagegate.StagegateIntegrationTest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.spring.boot.starter.property.CamundaBpmProperties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;

/**
 * The hardening list of {@code docs/security.md} over real HTTP in the shared context: login throttling, stateless
 * APIs, security headers (HSTS behind a TLS proxy), the webapps' own CSRF protection and session cookie, actuator
 * details, and error bodies without internals.
 */
@StagegateIntegrationTest
class HardeningHttpTests {

    @LocalServerPort
    private int port;

    @Autowired
    private ProcessEngine engine;

    @Autowired
    private CamundaBpmProperties camunda;

    @Value("${stagegate.security.login-max-failures}")
    private int maxFailures;

    private Api api;

    @BeforeEach
    void api() {
        api = new Api(port);
    }

    @Test
    void locksAUserOutOfTheApiAfterRepeatedFailuresWith429() {
        String user = "throttled" + UUID.randomUUID().toString().substring(0, 8).replace("-", "");
        createUser(user, "right-password-1");
        for (int i = 0; i < maxFailures; i++) {
            assertThat(basic(user, "wrong-" + i).status()).isEqualTo(401);
        }
        Answer locked = basic(user, "right-password-1");
        assertThat(locked.status()).as("even the right password, while locked").isEqualTo(429);
        assertThat(locked.headers().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(Long.parseLong(locked.headers().getFirst(HttpHeaders.RETRY_AFTER)))
                .isPositive();
        assertThat(locked.body().path("type").asText()).endsWith("/login-throttled");
        // another client address (through a trusted proxy on loopback) is not locked
        HttpHeaders elsewhere = new HttpHeaders();
        elsewhere.set(HttpHeaders.AUTHORIZATION, Api.basic(user, "wrong-again"));
        elsewhere.set("X-Forwarded-For", "203.0.113.7");
        assertThat(api.call(HttpMethod.GET, null, "/api/v1/lifecycle", null, elsewhere)
                        .status())
                .isEqualTo(401);
    }

    @Test
    void theApisIssueNoSessionCookie() {
        for (String path : List.of("/api/v1/projects", "/engine-rest/process-definition", "/actuator/health")) {
            Answer answer = api.get("pmo", path);
            assertThat(answer.status()).as(path).isEqualTo(200);
            assertThat(answer.headers().get(HttpHeaders.SET_COOKIE)).as(path).isNull();
        }
    }

    @Test
    void sendsSecurityHeadersAndHstsOnlyBehindTls() {
        Answer plain = api.get("pmo", "/api/v1/lifecycle");
        assertThat(plain.headers().getFirst("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(plain.headers().getFirst("X-Frame-Options")).isEqualTo("DENY");
        assertThat(plain.headers().getFirst("Strict-Transport-Security")).isNull();

        HttpHeaders proxied = new HttpHeaders();
        proxied.set("X-Forwarded-Proto", "https");
        Answer secure = api.call(HttpMethod.GET, "pmo", "/api/v1/lifecycle", null, proxied);
        assertThat(secure.status()).isEqualTo(200);
        assertThat(secure.headers().getFirst("Strict-Transport-Security")).contains("max-age=");
        Answer refused = api.call(HttpMethod.GET, null, "/api/v1/lifecycle", null, proxied);
        assertThat(refused.headers().getFirst("Strict-Transport-Security"))
                .as("on refusals too")
                .contains("max-age=");
    }

    /**
     * Camunda's CSRF filter refuses a state-changing call without the token and, on top, ends the session (it
     * invalidates it: a forged request costs the victim the login rather than doing anything); with the token the same
     * call is accepted. Shown with an administrator creating a user through the webapps' API, a call the administrator may make.
     */
    @Test
    void theWebappsKeepTheirOwnCsrfProtection() {
        String count = "/camunda/api/engine/engine/default/process-instance/count";
        String forgedId = "csrfforged" + UUID.randomUUID().toString().substring(0, 8);
        WebappSession victim = new WebappSession(port);
        assertThat(victim.login("cockpit", "admin", "demo")).isEqualTo(200);
        assertThat(victim.get(count).statusCode()).as("logged in").isEqualTo(200);
        HttpResponse<String> forged = victim.send("POST", CREATE_USER, newUser(forgedId), false);
        assertThat(forged.statusCode()).as("without X-XSRF-TOKEN").isEqualTo(403);
        assertThat(engine.getIdentityService()
                        .createUserQuery()
                        .userId(forgedId)
                        .count())
                .isZero();
        assertThat(victim.get(count).statusCode())
                .as("session ended by the CSRF filter")
                .isEqualTo(401);

        String genuineId = "csrfgenuine" + UUID.randomUUID().toString().substring(0, 8);
        WebappSession admin = new WebappSession(port);
        assertThat(admin.login("cockpit", "admin", "demo")).isEqualTo(200);
        assertThat(admin.send("POST", CREATE_USER, newUser(genuineId), true).statusCode())
                .as("with the token")
                .isEqualTo(204);
        assertThat(engine.getIdentityService()
                        .createUserQuery()
                        .userId(genuineId)
                        .count())
                .isOne();
    }

    private static final String CREATE_USER = "/camunda/api/engine/engine/default/user/create";

    private static String newUser(String id) {
        return "{\"profile\":{\"id\":\"" + id + "\",\"firstName\":\"C\",\"lastName\":\"S\",\"email\":"
                + "\"c@example.com\"},\"credentials\":{\"password\":\"csrf-pass-1\"}}";
    }

    @Test
    void anAuditorInCockpitSeesEverythingAndChangesNothing() {
        WebappSession session = new WebappSession(port);
        assertThat(session.login("cockpit", "auditor", "demo")).isEqualTo(200);
        HttpResponse<String> instances = session.get("/camunda/api/engine/engine/default/process-instance");
        assertThat(instances.statusCode()).isEqualTo(200);
        assertThat(instances.body()).contains("\"id\"");
        String instance = instances.body().replaceAll("(?s).*?\"id\":\"([^\"]+)\".*", "$1");
        String base = "/camunda/api/engine/engine/default";
        assertThat(session.send("DELETE", base + "/process-instance/" + instance, null, true)
                        .statusCode())
                .isEqualTo(403);
        assertThat(session.send("POST", base + "/process-instance/" + instance + "/suspended", null, true)
                        .statusCode())
                .isIn(403, 405);
        assertThat(session.send(
                                "PUT",
                                base + "/process-instance/" + instance + "/suspended",
                                "{\"suspended\":true}",
                                true)
                        .statusCode())
                .isEqualTo(403);
        assertThat(session.send(
                                "PUT",
                                base + "/process-instance/" + instance + "/variables/forged",
                                "{\"value\":\"x\",\"type\":\"String\"}",
                                true)
                        .statusCode())
                .isEqualTo(403);
        assertThat(session.send("POST", base + "/process-definition/key/llm-lifecycle/start", "{}", true)
                        .statusCode())
                .isEqualTo(403);
    }

    @Test
    void theWebappSessionCookieIsHttpOnlyAndSameSite() {
        HttpResponse<String> page = new WebappSession(port).open("cockpit");
        String session = page.headers().allValues(HttpHeaders.SET_COOKIE).stream()
                .filter(cookie -> cookie.startsWith("JSESSIONID="))
                .findFirst()
                .orElseThrow();
        assertThat(session).containsIgnoringCase("HttpOnly").containsIgnoringCase("SameSite=Lax");
        assertThat(camunda.getWebapp().getSessionCookie().isEnableSameSiteCookie())
                .isTrue();
    }

    @Test
    void showsHealthDetailsToAdminsOnly() {
        assertThat(api.get(null, "/actuator/health").body().has("components")).isFalse();
        assertThat(api.get("auditor", "/actuator/health").body().has("components"))
                .isFalse();
        assertThat(api.get("admin", "/actuator/health").body().has("components"))
                .isTrue();
        assertThat(api.get("admin", "/actuator/env").status()).isEqualTo(403);
        assertThat(api.get("admin", "/actuator/beans").status()).isEqualTo(403);
    }

    @Test
    void errorBodiesRevealNoInternals() {
        List<Answer> errors = List.of(
                api.post("pmo", "/api/v1/projects", "{\"name\": "),
                api.post("pmo", "/api/v1/projects", "{\"unknown\": 1}"),
                api.get("pmo", "/api/v1/projects/not-a-project"),
                api.get("pmo", "/api/v1/no-such-endpoint"));
        for (Answer error : errors) {
            assertThat(error.status()).as(error.raw()).isBetween(400, 499);
            assertThat(error.raw())
                    .doesNotContain("at io.")
                    .doesNotContain("at org.")
                    .doesNotContain("com.fasterxml")
                    .doesNotContain("org.h2")
                    .doesNotContain("SQL");
        }
        errors.forEach(error -> assertThat(error.raw()).doesNotContain("Exception"));
    }

    private Answer basic(String user, String password) {
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.AUTHORIZATION, Api.basic(user, password));
        return api.call(HttpMethod.GET, null, "/api/v1/lifecycle", null, headers);
    }

    private void createUser(String id, String password) {
        IdentityService identity = engine.getIdentityService();
        User user = identity.newUser(id);
        user.setPassword(password);
        identity.saveUser(user);
        identity.createMembership(id, "contributor");
    }
}

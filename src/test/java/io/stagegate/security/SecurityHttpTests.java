package io.stagegate.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stagegate.StagegateIntegrationTest;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.LinkedMultiValueMap;

/**
 * The security rules over real HTTP with the demo users' real credentials, against the whole application: the path
 * from a Basic header through Camunda's identity service to roles and to the engine's authenticated user is where
 * such bugs live, and mock users would skip it. Runs in the one shared application context.
 */
@StagegateIntegrationTest
class SecurityHttpTests {

    private static final String WRONG_PASSWORD_USER = "wrongpassworduser";

    private final ObjectMapper objectMapper = new ObjectMapper();

    @Autowired
    private TestRestTemplate http;

    @Autowired
    private ProcessEngine engine;

    @Test
    void answersAnAnonymousApiCallWith401ProblemDetails() throws IOException {
        ResponseEntity<String> response = http.getForEntity("/api/v1/lifecycle", String.class);
        assertThat(response.getStatusCode().value()).isEqualTo(401);
        assertThat(response.getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE)).isEqualTo("Basic realm=\"stagegate\"");
        assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        JsonNode problem = objectMapper.readTree(response.getBody());
        assertThat(problem.get("status").asInt()).isEqualTo(401);
        assertThat(problem.has("type")).isTrue();
        assertThat(problem.has("title")).isTrue();
        assertThat(problem.has("detail")).isTrue();
    }

    /**
     * A wrong password also counts towards Camunda's login lock-out (a few seconds after the first failure), so it is
     * tried on a user of its own rather than on a demo user that other tests log in with (Camunda user ids are
     * letters and digits only).
     */
    @Test
    void refusesAWrongPassword() {
        IdentityService identity = engine.getIdentityService();
        if (identity.createUserQuery().userId(WRONG_PASSWORD_USER).count() == 0) {
            User user = identity.newUser(WRONG_PASSWORD_USER);
            user.setPassword("right-password");
            identity.saveUser(user);
            identity.createMembership(WRONG_PASSWORD_USER, "contributor");
        }
        ResponseEntity<String> response = http.withBasicAuth(WRONG_PASSWORD_USER, "wrong-password")
                .getForEntity("/api/v1/lifecycle", String.class);
        assertThat(response.getStatusCode().value()).isEqualTo(401);
        assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void letsADemoUserIntoTheApi() {
        ResponseEntity<String> response =
                http.withBasicAuth("dev", "demo").getForEntity("/api/v1/lifecycle", String.class);
        assertThat(response.getStatusCode().value()).isEqualTo(200);
    }

    @Test
    void refusesAnonymousEngineRestCalls() {
        assertThat(http.getForEntity("/engine-rest/process-definition", String.class)
                        .getStatusCode()
                        .value())
                .isEqualTo(401);
    }

    @Test
    void letsTheAuditorReadProcessDefinitions() {
        ResponseEntity<String> response =
                http.withBasicAuth("auditor", "demo").getForEntity("/engine-rest/process-definition", String.class);
        assertThat(response.getStatusCode().value()).isEqualTo(200);
    }

    @Test
    void handsTheCallerToTheEngineForTheRequest() throws IOException {
        String check = "/engine-rest/authorization/check?permissionName=ACCESS&resourceName=application"
                + "&resourceType=0&resourceId=";
        JsonNode cockpit =
                objectMapper.readTree(http.withBasicAuth("dev", "demo").getForObject(check + "cockpit", String.class));
        JsonNode admin =
                objectMapper.readTree(http.withBasicAuth("dev", "demo").getForObject(check + "admin", String.class));
        assertThat(cockpit.get("authorized").asBoolean()).isTrue();
        assertThat(admin.get("authorized").asBoolean()).isFalse();
    }

    @Test
    void refusesAContributorSettingAProcessVariable() throws IOException {
        ResponseEntity<String> response = http.withBasicAuth("dev", "demo")
                .exchange(
                        "/engine-rest/process-instance/any/variables/x",
                        HttpMethod.PUT,
                        json(Map.of("value", "forged", "type", "String")),
                        String.class);
        assertThat(response.getStatusCode().value()).isEqualTo(403);
        assertThat(objectMapper.readTree(response.getBody()).get("status").asInt())
                .isEqualTo(403);
    }

    @Test
    void refusesThePmoCorrelatingAMessage() {
        ResponseEntity<String> response = http.withBasicAuth("pmo", "demo")
                .postForEntity(
                        "/engine-rest/message",
                        json(Map.of("messageName", "ProjectCancellationRequested")),
                        String.class);
        assertThat(response.getStatusCode().value()).isEqualTo(403);
    }

    @Test
    void refusesAContributorDeploying() {
        ResponseEntity<String> response = http.withBasicAuth("dev", "demo")
                .postForEntity("/engine-rest/deployment/create", json(Map.of()), String.class);
        assertThat(response.getStatusCode().value()).isEqualTo(403);
    }

    @Test
    void letsCamundaAdminPastTheEngineRestRules() {
        ResponseEntity<String> message = http.withBasicAuth("admin", "demo")
                .postForEntity("/engine-rest/message", json(Map.of("messageName", "NoSuchMessage")), String.class);
        assertThat(message.getStatusCode().value())
                .as("Camunda's own answer: no subscription for the message")
                .isEqualTo(400);
    }

    @Test
    void leavesHealthOpenAndClosesUnexposedActuatorEndpoints() {
        assertThat(http.getForEntity("/actuator/health", String.class)
                        .getStatusCode()
                        .value())
                .isEqualTo(200);
        assertThat(http.withBasicAuth("auditor", "demo")
                        .getForEntity("/actuator/env", String.class)
                        .getStatusCode()
                        .value())
                .isEqualTo(403);
    }

    @Test
    void leavesTheWebappsToCamundasOwnLogin() {
        ResponseEntity<String> response = http.getForEntity("/camunda/api/admin/auth/user/default", String.class);
        assertThat(response.getStatusCode().value())
                .as("Camunda's webapp answers for an anonymous session, not Spring Security's Basic challenge")
                .isNotEqualTo(401)
                .isLessThan(500);
        assertThat(response.getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE)).isNull();
    }

    @Test
    void givesCandidateGroupsTaskWorkRatherThanUpdateOnTheirTasks() {
        ProcessEngineConfigurationImpl configuration =
                (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
        assertThat(configuration.isAuthorizationEnabled()).isTrue();
        assertThat(configuration.getDefaultUserPermissionForTask()).isEqualTo(Permissions.TASK_WORK);
    }

    @Test
    void letsDemoUsersIntoTheWebappsTheirGroupsMayUse() {
        assertThat(webappLogin("auditor", "cockpit")).isEqualTo(200);
        assertThat(webappLogin("dev", "tasklist")).isEqualTo(200);
        assertThat(webappLogin("dev", "admin")).isEqualTo(403);
        assertThat(webappLogin("admin", "admin")).isEqualTo(200);
    }

    /** Logs in as the webapps do: a session and Camunda's CSRF token first, then the form post. */
    private int webappLogin(String user, String app) {
        ResponseEntity<String> page = http.getForEntity("/camunda/app/" + app + "/default/", String.class);
        List<String> cookies = page.getHeaders().getOrEmpty(HttpHeaders.SET_COOKIE).stream()
                .map(cookie -> cookie.split(";", 2)[0])
                .toList();
        String token = cookies.stream()
                .filter(cookie -> cookie.startsWith("XSRF-TOKEN="))
                .map(cookie -> cookie.substring("XSRF-TOKEN=".length()))
                .findFirst()
                .orElseThrow();
        HttpHeaders headers = new HttpHeaders();
        headers.add(HttpHeaders.COOKIE, String.join("; ", cookies));
        headers.add("X-XSRF-TOKEN", token);
        headers.setContentType(MediaType.APPLICATION_FORM_URLENCODED);
        LinkedMultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        form.add("username", user);
        form.add("password", "demo");
        return http.postForEntity(
                        "/camunda/api/admin/auth/user/default/login/" + app,
                        new HttpEntity<>(form, headers),
                        String.class)
                .getStatusCode()
                .value();
    }

    private static HttpEntity<Map<String, ?>> json(Map<String, ?> body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return new HttpEntity<>(body, headers);
    }
}

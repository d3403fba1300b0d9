package io.stagegate.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.stagegate.Api;
import io.stagegate.ProjectFixtures;
import io.stagegate.StagegateApplication;
import io.stagegate.StagegateIntegrationTest;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

/**
 * OpenID Connect switched on by configuration alone, against tokens signed by a key this test generates and publishes
 * as a JWK set from a JDK HTTP server on loopback: no external identity provider. Real HTTP through the real filter
 * chain, for the API and for Camunda's {@code /engine-rest}. The one application context with OIDC on; it runs in a
 * JVM of its own (surefire execution {@code oidc-tests}), because a second engine in the JVM of the shared context would
 * share Camunda's static engine registry with it.
 */
@SpringBootTest(
        classes = StagegateApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.datasource.url=jdbc:h2:mem:stagegate-oidc;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000;QUERY_CACHE_SIZE=256",
            "stagegate.security.oidc.audience=" + OidcTests.AUDIENCE,
            // the webapps' login through the provider: the same client id as the tokens' audience
            "stagegate.security.oidc.client-id=" + OidcTests.AUDIENCE,
            "stagegate.security.oidc.client-secret=" + OidcTests.CLIENT_SECRET,
            // service accounts that keep Basic: the demo users the project fixtures walk projects with
            "stagegate.security.oidc.basic-users=pmo,dev,biz,tech,comp,integration"
        })
@ActiveProfiles("test")
@Import(StagegateIntegrationTest.ProcessCoverage.class)
class OidcTests {

    static final String AUDIENCE = "stagegate";
    static final String CLIENT_SECRET = "client-secret-of-the-test";

    private static final RSAKey SIGNING_KEY = rsaKey("test-key");
    /** Same key id, different key: what a forger would publish. */
    private static final RSAKey FORGED_KEY = rsaKey("test-key");

    /** The provider's people for the webapp login: user → groups; {@code mallory} gets an ID token with a broken signature. */
    private static final Map<String, List<String>> PEOPLE =
            Map.of("olga", List.of("pmo"), "audrey", List.of("auditor"), "mallory", List.of("pmo"));
    /** Authorization codes handed out by the provider's authorization endpoint: code → user and nonce. */
    private static final Map<String, String[]> CODES = new ConcurrentHashMap<>();

    private static final HttpServer JWKS = jwksServer();
    /** The provider's issuer, on the loopback server (its discovery document is served under it). */
    static final String ISSUER = "http://127.0.0.1:" + JWKS.getAddress().getPort() + "/realms/bank";

    private final ObjectMapper json = new ObjectMapper();

    @LocalServerPort
    private int port;

    private RestClient client;
    private Api api;

    @DynamicPropertySource
    static void jwkSet(DynamicPropertyRegistry registry) {
        registry.add("stagegate.security.oidc.issuer-uri", () -> ISSUER);
        registry.add(
                "stagegate.security.oidc.jwk-set-uri",
                () -> "http://127.0.0.1:" + JWKS.getAddress().getPort() + "/jwks");
    }

    @AfterAll
    static void stopJwks() {
        JWKS.stop(0);
    }

    @BeforeEach
    void client() {
        client = RestClient.builder().baseUrl("http://localhost:" + port).build();
        api = new Api(port);
    }

    record Answer(int status, JsonNode body, HttpHeaders headers) {}

    @Test
    void aPmoTokenReadsThePortfolioAndDecidesAGate() {
        ProjectFixtures fixtures = new ProjectFixtures(api);
        String id = fixtures.create("OIDC gate").path("id").asText();
        fixtures.bringTo(id, "REQUIREMENTS", "AWAITING_GATE");
        String token = token("olga", List.of("pmo"), Map.of());

        Answer portfolio = call(HttpMethod.GET, "/api/v1/projects", token, null);
        assertThat(portfolio.status()).isEqualTo(200);
        assertThat(portfolio.body().toString()).contains(id);

        Answer decided = call(
                HttpMethod.POST,
                "/api/v1/projects/" + id + "/phases/REQUIREMENTS/gate",
                token,
                Map.of("decision", "APPROVE", "comment", "approved with a token"));
        assertThat(decided.status()).as("%s", decided.body()).isEqualTo(200);
        assertThat(fixtures.view(id).path("currentPhase").asText()).isNotEqualTo("REQUIREMENTS");

        Answer history = call(HttpMethod.GET, "/api/v1/projects/" + id + "/history", token, null);
        assertThat(history.status()).isEqualTo(200);
        assertThat(history.body().toString()).contains("olga");
    }

    @Test
    void theSameTokenHasTheSameRightsOnEngineRest() {
        String pmo = token("olga", List.of("pmo"), Map.of());
        Answer instances =
                call(HttpMethod.GET, "/engine-rest/process-instance?processDefinitionKey=llm-lifecycle", pmo, null);
        assertThat(instances.status()).isEqualTo(200);
        assertThat(instances.body().size())
                .as("the pmo group reads every lifecycle")
                .isPositive();

        Answer start = call(HttpMethod.POST, "/engine-rest/process-definition/key/llm-lifecycle/start", pmo, Map.of());
        assertThat(start.status()).isEqualTo(403);
        assertThat(start.headers().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        Answer delete = call(HttpMethod.DELETE, "/engine-rest/process-instance/" + UUID.randomUUID(), pmo, null);
        assertThat(delete.status()).isEqualTo(403);

        // only camunda-admin from the token passes the allow-list; the engine then answers for the missing instance
        String admin = token("ada", List.of("camunda-admin"), Map.of());
        assertThat(call(HttpMethod.DELETE, "/engine-rest/process-instance/" + UUID.randomUUID(), admin, null)
                        .status())
                .isEqualTo(404);
    }

    @Test
    void theGroupsClaimDrivesCamundaAuthorizations() {
        String nobody = token("nora", List.of(), Map.of());
        Answer none = call(HttpMethod.GET, "/engine-rest/process-instance", nobody, null);
        assertThat(none.status()).isEqualTo(200);
        assertThat(none.body().size())
                .as("no group, no authorization, nothing visible")
                .isZero();
        assertThat(call(HttpMethod.GET, "/engine-rest/process-definition", nobody, null)
                        .body()
                        .size())
                .isZero();

        // Keycloak keeps roles in a nested claim; a string claim is split at spaces — here the standard "groups" claim
        String auditor = token("audrey", List.of("auditor"), Map.of());
        assertThat(call(HttpMethod.GET, "/engine-rest/process-instance", auditor, null)
                        .body()
                        .size())
                .isPositive();
        assertThat(call(HttpMethod.GET, "/engine-rest/history/process-instance", auditor, null)
                        .status())
                .isEqualTo(200);
    }

    @Test
    void anAuditorTokenChangesNothing() {
        String auditor = token("audrey", List.of("auditor"), Map.of());
        ProjectFixtures fixtures = new ProjectFixtures(api);
        String id = fixtures.create("OIDC auditor").path("id").asText();
        fixtures.bringTo(id, "REQUIREMENTS", "AWAITING_GATE");

        Answer create =
                call(HttpMethod.POST, "/api/v1/projects", auditor, ProjectFixtures.projectRequest("auditor's own"));
        assertThat(create.status()).isEqualTo(403);
        Answer decide = call(
                HttpMethod.POST,
                "/api/v1/projects/" + id + "/phases/REQUIREMENTS/gate",
                auditor,
                Map.of("decision", "APPROVE", "comment", "not mine to decide"));
        assertThat(decide.status()).isEqualTo(403);
        assertThat(fixtures.view(id).path("phaseState").asText()).isEqualTo("AWAITING_GATE");

        String taskId = call(HttpMethod.GET, "/engine-rest/task?processInstanceBusinessKey=" + id, auditor, null)
                .body()
                .path(0)
                .path("id")
                .asText();
        assertThat(taskId).isNotEmpty();
        Answer complete = call(HttpMethod.POST, "/engine-rest/task/" + taskId + "/complete", auditor, Map.of());
        assertThat(complete.status()).isEqualTo(403);
        assertThat(fixtures.view(id).path("phaseState").asText()).isEqualTo("AWAITING_GATE");
    }

    @Test
    void refusesExpiredForgedAndForeignTokensWith401ProblemDetails() {
        Instant now = Instant.now();
        Map<String, String> tokens = Map.of(
                "expired",
                        sign(
                                SIGNING_KEY,
                                claims("olga", ISSUER, AUDIENCE, now.minusSeconds(3600), now.minusSeconds(300))),
                "forged", sign(FORGED_KEY, claims("olga", ISSUER, AUDIENCE, now, now.plusSeconds(300))),
                "other issuer",
                        sign(
                                SIGNING_KEY,
                                claims("olga", "https://evil.example.test", AUDIENCE, now, now.plusSeconds(300))),
                "other audience", sign(SIGNING_KEY, claims("olga", ISSUER, "another-app", now, now.plusSeconds(300))),
                "garbage", "not.a.jwt");
        tokens.forEach((kind, token) -> {
            for (String path : List.of("/api/v1/projects", "/engine-rest/process-instance")) {
                Answer answer = call(HttpMethod.GET, path, token, null);
                assertThat(answer.status()).as("%s token on %s", kind, path).isEqualTo(401);
                assertThat(answer.headers().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
                assertThat(answer.headers().getFirst(HttpHeaders.WWW_AUTHENTICATE))
                        .contains("invalid_token");
                assertThat(answer.body().path("status").asInt()).isEqualTo(401);
            }
        });
        assertThat(call(HttpMethod.GET, "/api/v1/projects", token("olga", List.of("pmo"), Map.of()), null)
                        .status())
                .as("the same claims, validly signed")
                .isEqualTo(200);
    }

    @Test
    void basicStaysOnlyForTheListedServiceAccounts() {
        assertThat(api.get("integration", "/api/v1/projects").status()).isEqualTo(200);
        Api.Answer unlisted = api.get("pmo2", "/api/v1/projects");
        assertThat(unlisted.status()).isEqualTo(401);
        assertThat(unlisted.headers().getFirst(HttpHeaders.WWW_AUTHENTICATE)).startsWith("Bearer");
    }

    @Test
    void readsNestedAndStringGroupClaims() {
        OidcAuthenticationConverter keycloak = new OidcAuthenticationConverter(new OidcProperties(
                ISSUER,
                null,
                AUDIENCE,
                "realm_access.roles",
                "preferred_username",
                Map.of("sg-pmo", "pmo"),
                null,
                null,
                null));
        assertThat(keycloak.groups(Map.of("realm_access", Map.of("roles", List.of("sg-pmo", "offline_access")))))
                .containsExactly("sg-pmo", "offline_access");
        OidcAuthenticationConverter spaced = new OidcAuthenticationConverter(
                new OidcProperties(ISSUER, null, AUDIENCE, "groups", "preferred_username", null, null, null, null));
        assertThat(spaced.groups(Map.of("groups", "pmo auditor,integration")))
                .containsExactly("pmo", "auditor", "integration");
        assertThat(spaced.groups(Map.of())).isEmpty();
    }

    /**
     * The webapps' login through the provider: Cockpit sends the browser to the provider, the provider back with a
     * code, Stagegate swaps it for tokens and lands the user in Cockpit; Camunda then knows the provider's user id and
     * groups (the pmo group's authorizations open Cockpit and Tasklist), and the pmo user works a gate task.
     */
    @Test
    void aPmoLogsIntoTheWebappsThroughTheProviderAndWorksGateTasks() throws Exception {
        ProjectFixtures fixtures = new ProjectFixtures(api);
        String id = fixtures.create("OIDC webapp").path("id").asText();
        fixtures.bringTo(id, "REQUIREMENTS", "AWAITING_GATE");

        OidcBrowser browser = new OidcBrowser(port, ISSUER);
        var cockpit = browser.open("/camunda/app/cockpit/default/", "olga");
        assertThat(cockpit.statusCode()).as("%s", browser.visited).isEqualTo(200);
        assertThat(browser.visited)
                .as("Cockpit → login → provider → callback → Cockpit")
                .anyMatch(uri -> uri.toString().startsWith(ISSUER + "/auth?"))
                .anyMatch(uri -> uri.getPath().equals("/login/oauth2/code/stagegate"));
        assertThat(browser.visited.get(browser.visited.size() - 1).getPath())
                .isEqualTo("/camunda/app/cockpit/default/");

        var me = browser.get("/camunda/api/admin/auth/user/default");
        assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
        JsonNode user = json.readTree(me.body());
        assertThat(user.path("userId").asText()).isEqualTo("olga");
        assertThat(user.path("authorizedApps").toString()).contains("cockpit").contains("tasklist");

        var tasks = browser.get("/camunda/api/engine/engine/default/task?processInstanceBusinessKey=" + id);
        assertThat(tasks.statusCode()).as(tasks.body()).isEqualTo(200);
        JsonNode gateTask = json.readTree(tasks.body()).path(0);
        assertThat(gateTask.path("id").asText()).as(tasks.body()).isNotEmpty();
        var claim = browser.send(
                "POST",
                "/camunda/api/engine/engine/default/task/" + gateTask.path("id").asText() + "/claim",
                "{\"userId\":\"olga\"}");
        assertThat(claim.statusCode()).as(claim.body()).isEqualTo(204);
        var claimed = browser.get(
                "/camunda/api/engine/engine/default/task/" + gateTask.path("id").asText());
        assertThat(json.readTree(claimed.body()).path("assignee").asText()).isEqualTo("olga");

        // with the provider in charge, the webapps' own login form is closed
        OidcBrowser local = new OidcBrowser(port, ISSUER);
        assertThat(local.postForm("/camunda/api/admin/auth/user/default/login/cockpit", "username=admin&password=demo")
                        .statusCode())
                .isEqualTo(403);
        assertThat(local.get("/camunda/api/engine/engine/default/task").statusCode())
                .as("no login, no engine")
                .isEqualTo(401);
    }

    /** An auditor from the provider sees the gate task in the webapps but may not touch it. */
    @Test
    void anAuditorFromTheProviderReadsButChangesNothingInTheWebapps() throws Exception {
        ProjectFixtures fixtures = new ProjectFixtures(api);
        String id = fixtures.create("OIDC webapp auditor").path("id").asText();
        fixtures.bringTo(id, "REQUIREMENTS", "AWAITING_GATE");

        OidcBrowser browser = new OidcBrowser(port, ISSUER);
        assertThat(browser.open("/camunda/app/cockpit/default/", "audrey").statusCode())
                .isEqualTo(200);
        assertThat(json.readTree(browser.get("/camunda/api/admin/auth/user/default")
                                .body())
                        .path("userId")
                        .asText())
                .isEqualTo("audrey");
        var tasks = browser.get("/camunda/api/engine/engine/default/task?processInstanceBusinessKey=" + id);
        assertThat(tasks.statusCode()).isEqualTo(200);
        String taskId = json.readTree(tasks.body()).path(0).path("id").asText();
        assertThat(taskId).as(tasks.body()).isNotEmpty();
        var claim = browser.send(
                "POST", "/camunda/api/engine/engine/default/task/" + taskId + "/claim", "{\"userId\":\"audrey\"}");
        assertThat(claim.statusCode()).as(claim.body()).isEqualTo(403);
        var task = browser.get("/camunda/api/engine/engine/default/task/" + taskId);
        assertThat(json.readTree(task.body()).path("assignee").isNull())
                .as(task.body())
                .isTrue();
    }

    /** An ID token whose signature does not verify ends the login with 401: no session, back to the provider. */
    @Test
    void anIdTokenWithABrokenSignatureLogsNobodyIn() {
        OidcBrowser browser = new OidcBrowser(port, ISSUER);
        var answer = browser.open("/camunda/app/cockpit/default/", "mallory");
        assertThat(browser.visited.get(browser.visited.size() - 1).getPath()).isEqualTo("/login/oauth2/code/stagegate");
        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(browser.get("/camunda/api/admin/auth/user/default").statusCode())
                .isNotEqualTo(200);
        assertThat(browser.get("/camunda/api/engine/engine/default/task").statusCode())
                .isEqualTo(401);
        var again = browser.open("/camunda/app/cockpit/default/", "olga");
        assertThat(browser.visited)
                .as("still not logged in: sent to the provider again")
                .anyMatch(uri -> uri.toString().startsWith(ISSUER + "/auth?"));
        assertThat(again.statusCode()).isEqualTo(200);
    }

    private Answer call(HttpMethod method, String path, String token, Object body) {
        return client.method(method)
                .uri(path)
                .headers(headers -> {
                    headers.setBearerAuth(token);
                    if (body != null) {
                        headers.setContentType(MediaType.APPLICATION_JSON);
                    }
                })
                .body(body == null ? new byte[0] : write(body))
                .exchange((request, response) -> {
                    String raw = new String(response.getBody().readAllBytes(), StandardCharsets.UTF_8);
                    JsonNode node = raw.isBlank() ? json.nullNode() : json.readTree(raw);
                    return new Answer(response.getStatusCode().value(), node, response.getHeaders());
                });
    }

    private byte[] write(Object body) {
        try {
            return json.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static String token(String user, List<String> groups, Map<String, Object> extra) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder(
                        claims(user, ISSUER, AUDIENCE, now, now.plusSeconds(300)))
                .claim("groups", groups);
        extra.forEach(claims::claim);
        return sign(SIGNING_KEY, claims.build());
    }

    static JWTClaimsSet claims(String user, String issuer, String audience, Instant issuedAt, Instant expiresAt) {
        return new JWTClaimsSet.Builder()
                .issuer(issuer)
                .audience(audience)
                .subject(UUID.nameUUIDFromBytes(user.getBytes(StandardCharsets.UTF_8))
                        .toString())
                .claim("preferred_username", user)
                .claim("groups", List.of("pmo"))
                .issueTime(Date.from(issuedAt))
                .notBeforeTime(Date.from(issuedAt.minusSeconds(1)))
                .expirationTime(Date.from(expiresAt))
                .build();
    }

    static String sign(RSAKey key, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(
                    new JWSHeader.Builder(JWSAlgorithm.RS256)
                            .keyID(key.getKeyID())
                            .type(JOSEObjectType.JWT)
                            .build(),
                    claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static RSAKey rsaKey(String keyId) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            return new RSAKey.Builder((RSAPublicKey) pair.getPublic())
                    .privateKey((RSAPrivateKey) pair.getPrivate())
                    .keyID(keyId)
                    .build();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The provider's authorization endpoint without a login page: the user is named by {@code login_hint} (as if they
     * had logged in there); answers with a redirect back to the client's redirect URI with a code and the client's
     * state, and remembers the nonce for the ID token.
     */
    private static void authorize(HttpExchange exchange) throws IOException {
        Map<String, String> query = form(exchange.getRequestURI().getRawQuery());
        String user = query.get("login_hint");
        if (!PEOPLE.containsKey(user)
                || !"code".equals(query.get("response_type"))
                || !AUDIENCE.equals(query.get("client_id"))) {
            respond(exchange, 400, "unknown user or client".getBytes(StandardCharsets.UTF_8));
            return;
        }
        String code = UUID.randomUUID().toString();
        CODES.put(code, new String[] {user, query.get("nonce"), query.get("redirect_uri")});
        String location = query.get("redirect_uri") + "?code=" + code + "&state="
                + URLEncoder.encode(query.get("state"), StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Location", location);
        exchange.sendResponseHeaders(302, -1);
        exchange.close();
    }

    /**
     * The provider's token endpoint: checks the client's credentials and the code (once), and answers with an access
     * token and an ID token signed with the provider's key, carrying the nonce and the user's groups.
     */
    private static void issueTokens(HttpExchange exchange) throws IOException {
        String expected = "Basic "
                + Base64.getEncoder().encodeToString((AUDIENCE + ":" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
        Map<String, String> body = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        String[] login = CODES.remove(String.valueOf(body.get("code")));
        if (!"POST".equals(exchange.getRequestMethod())
                || !expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            respond(exchange, 401, "{\"error\":\"invalid_client\"}".getBytes(StandardCharsets.UTF_8));
            return;
        }
        if (login == null
                || !"authorization_code".equals(body.get("grant_type"))
                || !login[2].equals(body.get("redirect_uri"))) {
            respond(exchange, 400, "{\"error\":\"invalid_grant\"}".getBytes(StandardCharsets.UTF_8));
            return;
        }
        String user = login[0];
        Instant now = Instant.now();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder(
                        claims(user, ISSUER, AUDIENCE, now, now.plusSeconds(300)))
                .claim("groups", PEOPLE.get(user));
        if (login[1] != null) {
            claims.claim("nonce", login[1]);
        }
        String idToken = sign(SIGNING_KEY, claims.build());
        if (user.equals("mallory")) {
            // a signature that does not verify: the last characters of the signature changed
            String tail = idToken.substring(idToken.length() - 4);
            idToken = idToken.substring(0, idToken.length() - 4) + (tail.equals("AAAA") ? "BBBB" : "AAAA");
        }
        respond(
                exchange,
                200,
                new ObjectMapper()
                        .writeValueAsBytes(Map.of(
                                "access_token",
                                token(user, PEOPLE.get(user), Map.of()),
                                "token_type",
                                "Bearer",
                                "expires_in",
                                300,
                                "scope",
                                "openid profile email",
                                "id_token",
                                idToken)));
    }

    private static Map<String, String> form(String raw) {
        Map<String, String> values = new HashMap<>();
        if (raw == null || raw.isBlank()) {
            return values;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            values.put(key, value);
        }
        return values;
    }

    private static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static HttpServer jwksServer() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            byte[] body = new JWKSet(SIGNING_KEY.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
            server.createContext("/jwks", exchange -> {
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            server.createContext(
                    "/realms/bank/.well-known/openid-configuration",
                    exchange -> respond(
                            exchange,
                            200,
                            new ObjectMapper()
                                    .writeValueAsBytes(Map.of(
                                            "issuer",
                                            ISSUER,
                                            "authorization_endpoint",
                                            ISSUER + "/auth",
                                            "token_endpoint",
                                            ISSUER + "/token",
                                            "jwks_uri",
                                            "http://127.0.0.1:"
                                                    + server.getAddress().getPort() + "/jwks",
                                            "response_types_supported",
                                            List.of("code"),
                                            "subject_types_supported",
                                            List.of("public"),
                                            "id_token_signing_alg_values_supported",
                                            List.of("RS256"),
                                            "scopes_supported",
                                            List.of("openid", "profile", "email")))));
            server.createContext("/realms/bank/auth", OidcTests::authorize);
            server.createContext("/realms/bank/token", OidcTests::issueTokens);
            server.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

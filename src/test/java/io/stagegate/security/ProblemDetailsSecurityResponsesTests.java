package io.stagegate.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.InsufficientAuthenticationException;

class ProblemDetailsSecurityResponsesTests {

    private final ObjectMapper objectMapper = new ObjectMapper();
    private final ProblemDetailsSecurityResponses responses =
            new ProblemDetailsSecurityResponses(objectMapper, "stagegate");

    @Test
    void answersAMissingLoginWithA401ProblemAndTheBasicChallenge() throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        responses.commence(
                new MockHttpServletRequest("GET", "/api/v1/lifecycle"),
                response,
                new InsufficientAuthenticationException("Full authentication is required"));
        assertThat(response.getStatus()).isEqualTo(401);
        assertThat(response.getHeader("WWW-Authenticate")).isEqualTo("Basic realm=\"stagegate\"");
        assertThat(response.getContentType()).isEqualTo("application/problem+json");
        JsonNode problem = objectMapper.readTree(response.getContentAsByteArray());
        assertThat(problem.get("type").asText()).isEqualTo("https://stagegate.io/problems/unauthenticated");
        assertThat(problem.get("title").asText()).isEqualTo("Not authenticated");
        assertThat(problem.get("status").asInt()).isEqualTo(401);
        assertThat(problem.get("detail").asText()).doesNotContain("Full authentication");
    }

    @Test
    void doesNotSayWhetherTheUserExists() throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        responses.commence(
                new MockHttpServletRequest("GET", "/api/v1/projects"), response, new BadCredentialsException("x"));
        assertThat(objectMapper
                        .readTree(response.getContentAsByteArray())
                        .get("detail")
                        .asText())
                .isEqualTo("The user name or password is not valid.");
    }

    @Test
    void answersARefusalWithA403Problem() throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        responses.handle(
                new MockHttpServletRequest("POST", "/engine-rest/message"),
                response,
                new AccessDeniedException("Access Denied"));
        assertThat(response.getStatus()).isEqualTo(403);
        JsonNode problem = objectMapper.readTree(response.getContentAsByteArray());
        assertThat(problem.get("type").asText()).isEqualTo("https://stagegate.io/problems/forbidden");
        assertThat(problem.get("title").asText()).isEqualTo("Not allowed");
        assertThat(problem.get("detail").asText()).contains("camunda-admin");
        assertThat(problem.get("instance").asText()).isEqualTo("/engine-rest/message");
    }
}

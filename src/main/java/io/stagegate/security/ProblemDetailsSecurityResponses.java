package io.stagegate.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * Answers 401 and 403 decided by Spring Security as RFC 9457 problem details, like every other error of the API,
 * without naming the reason beyond what the caller can act on (never whether a user exists). A 401 carries the
 * {@code WWW-Authenticate} challenge of the Basic realm.
 */
final class ProblemDetailsSecurityResponses implements AuthenticationEntryPoint, AccessDeniedHandler {

    /** The same problem type URIs as the API's own error handling in the web module. */
    static final String TYPE_BASE = "https://stagegate.io/problems/";

    private final ObjectMapper objectMapper;
    private final String challenge;

    ProblemDetailsSecurityResponses(ObjectMapper objectMapper, String realm) {
        this.objectMapper = objectMapper;
        this.challenge = "Basic realm=\"" + realm + "\"";
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException exception)
            throws IOException {
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, challenge);
        String detail = exception instanceof BadCredentialsException
                ? "The user name or password is not valid."
                : "This resource needs an authenticated user: send HTTP Basic credentials.";
        write(request, response, HttpStatus.UNAUTHORIZED, "unauthenticated", "Not authenticated", detail);
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException exception)
            throws IOException {
        String detail = request.getRequestURI().startsWith(request.getContextPath() + SecurityConfiguration.ENGINE_REST)
                ? "Through /engine-rest only camunda-admin may change engine state; other users may read, query and"
                        + " claim, unclaim or complete their tasks."
                : "You are not allowed to do this.";
        write(request, response, HttpStatus.FORBIDDEN, "forbidden", "Not allowed", detail);
    }

    private void write(
            HttpServletRequest request,
            HttpServletResponse response,
            HttpStatus status,
            String slug,
            String title,
            String detail)
            throws IOException {
        if (response.isCommitted()) {
            return;
        }
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", TYPE_BASE + slug);
        problem.put("title", title);
        problem.put("status", status.value());
        problem.put("detail", detail);
        problem.put("instance", request.getRequestURI());
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        objectMapper.writeValue(response.getOutputStream(), problem);
    }
}

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
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
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
    private final boolean bearer;

    ProblemDetailsSecurityResponses(ObjectMapper objectMapper, String realm) {
        this(objectMapper, realm, false);
    }

    /** {@code bearer}: OpenID Connect is on, so the challenge also names Bearer tokens. */
    ProblemDetailsSecurityResponses(ObjectMapper objectMapper, String realm, boolean bearer) {
        this.objectMapper = objectMapper;
        this.bearer = bearer;
        this.challenge = bearer
                ? "Bearer realm=\"" + realm + "\", Basic realm=\"" + realm + "\""
                : "Basic realm=\"" + realm + "\"";
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException exception)
            throws IOException {
        if (exception instanceof LoginThrottledException throttled) {
            long seconds = Math.max(1, (throttled.retryAfter().toMillis() + 999) / 1000);
            response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
            write(
                    request,
                    response,
                    HttpStatus.TOO_MANY_REQUESTS,
                    "login-throttled",
                    "Too many failed logins",
                    "This user name failed to log in too often from your address; try again in " + seconds
                            + " seconds.");
            return;
        }
        if (exception instanceof OAuth2AuthenticationException) {
            response.setHeader(
                    HttpHeaders.WWW_AUTHENTICATE,
                    "Bearer error=\"invalid_token\", error_description=\"The bearer token is not valid\"");
            write(
                    request,
                    response,
                    HttpStatus.UNAUTHORIZED,
                    "unauthenticated",
                    "Not authenticated",
                    "The bearer token is not valid: expired, not yet valid, wrongly signed, or issued by or for"
                            + " someone else.");
            return;
        }
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, challenge);
        String detail = exception instanceof BadCredentialsException
                ? "The user name or password is not valid."
                : bearer
                        ? "This resource needs an authenticated user: send a bearer token of the identity provider."
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

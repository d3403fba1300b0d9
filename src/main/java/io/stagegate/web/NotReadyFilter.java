package io.stagegate.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers {@code /api} and {@code /engine-rest} with 503 and {@code Retry-After} while the application is not ready:
 * during start-up, when the web server already listens but the models, the identities and the demo projects are still
 * being put in place (the application runners; Spring's readiness turns to accepting traffic after them), and again
 * once shutdown has begun. Before authentication, so a client that called too early is told to retry rather than
 * answered 401 for users not yet created or 500 for a lifecycle model not yet deployed — both seen from a fresh start
 * before this filter. The readiness probe ({@code /actuator/health/readiness}) reports the same state to a platform.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class NotReadyFilter extends OncePerRequestFilter {

    private final ApplicationAvailability availability;
    private final ObjectMapper json;

    NotReadyFilter(ApplicationAvailability availability, ObjectMapper json) {
        this.availability = availability;
        this.json = json;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return !path.startsWith("/api/") && !path.startsWith("/engine-rest/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (availability.getReadinessState() == ReadinessState.ACCEPTING_TRAFFIC) {
            chain.doFilter(request, response);
            return;
        }
        // the same retry hint as every other 503 of the service
        response.setHeader(HttpHeaders.RETRY_AFTER, DatabaseUnavailable.RETRY_AFTER_SECONDS);
        ApiProblems.write(
                response,
                json,
                HttpStatus.SERVICE_UNAVAILABLE,
                "not-ready",
                "Not ready",
                "The service is starting or shutting down; retry later");
    }
}

package io.stagegate.observability;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Puts the project id of a request about one project ({@code /api/v1/projects/{id}/…}) into the logging context
 * as {@value #PROJECT_ID}, for everything logged while the request is handled, security and engine included; the
 * structured (JSON) log formats carry it as a field. The engine does the same for its own commands and jobs on a
 * project's instances with the business key, under the same name ({@code logging-context-business-key} in
 * {@code application.yml}). Only an id of the shape Stagegate issues is taken over, so nothing a caller puts into
 * a path can forge log fields.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class ProjectLoggingContext extends OncePerRequestFilter {

    static final String PROJECT_ID = "projectId";
    private static final Pattern PROJECT_PATH = Pattern.compile("^/api/v1/projects/([A-Za-z0-9-]{1,64})(?:/.*)?$");

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String projectId = projectId(request.getRequestURI(), request.getContextPath());
        if (projectId == null) {
            chain.doFilter(request, response);
            return;
        }
        String outer = MDC.get(PROJECT_ID);
        MDC.put(PROJECT_ID, projectId);
        try {
            chain.doFilter(request, response);
        } finally {
            if (outer == null) {
                MDC.remove(PROJECT_ID);
            } else {
                MDC.put(PROJECT_ID, outer);
            }
        }
    }

    @Override
    protected boolean shouldNotFilterAsyncDispatch() {
        return false;
    }

    @Override
    protected boolean shouldNotFilterErrorDispatch() {
        return false;
    }

    static String projectId(String uri, String contextPath) {
        if (uri == null) {
            return null;
        }
        String path = contextPath != null && !contextPath.isEmpty() && uri.startsWith(contextPath)
                ? uri.substring(contextPath.length())
                : uri;
        Matcher matcher = PROJECT_PATH.matcher(path);
        return matcher.matches() ? matcher.group(1) : null;
    }
}

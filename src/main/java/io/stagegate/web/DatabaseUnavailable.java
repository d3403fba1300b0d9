package io.stagegate.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.IdentityHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;

/**
 * The database cannot be reached (stopped, failing over, every pooled connection timed out): the answer is 503 problem
 * details with {@code Retry-After}, never a 500, and says nothing of the cause. Such an exception may arrive wrapped
 * several times — by Spring's transaction manager, by the engine's command, by a delegate — so the whole cause chain
 * is inspected. Two places catch it: a {@link HandlerExceptionResolver} that runs before {@link ApiProblems} (whose
 * catch-all for {@link RuntimeException} would otherwise turn it into a 500), and a filter around the security chain
 * for a failure before any controller, e.g. checking an uncached password against the engine's identity tables. How
 * long a request waits before this answer is Hikari's connection timeout ({@code DB_CONNECTION_TIMEOUT_MS}).
 */
@Configuration(proxyBeanMethods = false)
class DatabaseUnavailable {

    static final String RETRY_AFTER_SECONDS = "5";
    private static final Logger log = LoggerFactory.getLogger(DatabaseUnavailable.class);

    /** Whether the failure, or anything it was caused by, says the database is unreachable. */
    static boolean isCause(Throwable failure) {
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        for (Throwable t = failure; t != null && seen.put(t, Boolean.TRUE) == null; t = t.getCause()) {
            if (t instanceof CannotCreateTransactionException
                    || t instanceof DataAccessResourceFailureException
                    || t instanceof SQLTransientConnectionException
                    || t instanceof SQLNonTransientConnectionException) {
                return true;
            }
            if (t instanceof SQLException sql && unreachable(sql.getSQLState())) {
                return true;
            }
            // a rollback that failed because the connection had died hides the failure that caused the rollback
            if (t instanceof TransactionSystemException rollback
                    && rollback.getApplicationException() != null
                    && isCause(rollback.getApplicationException())) {
                return true;
            }
        }
        return false;
    }

    /** SQLSTATE class 08 (connection exception) and 57P01–57P03 (the server is shutting down or starting up). */
    private static boolean unreachable(String state) {
        return state != null && (state.startsWith("08") || state.matches("57P0[123]"));
    }

    static ProblemDetail problem() {
        return ApiProblems.problem(
                HttpStatus.SERVICE_UNAVAILABLE,
                "service-unavailable",
                "Service unavailable",
                "The service cannot reach its database right now; retry later");
    }

    static void write(HttpServletResponse response, ObjectMapper json) throws IOException {
        response.resetBuffer();
        response.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
        response.setHeader(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), problem());
    }

    @Bean
    HandlerExceptionResolver databaseUnavailableResolver(ObjectMapper json) {
        return new Resolver(json);
    }

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> databaseUnavailableFilter(ObjectMapper json) {
        FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(new Guard(json));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 20);
        return registration;
    }

    /** Ahead of the {@code @ExceptionHandler} resolver (order 0), behind Boot's error-attribute recorder. */
    static final class Resolver implements HandlerExceptionResolver, Ordered {

        private final ObjectMapper json;

        Resolver(ObjectMapper json) {
            this.json = json;
        }

        @Override
        public ModelAndView resolveException(
                HttpServletRequest request, HttpServletResponse response, Object handler, Exception failure) {
            if (!isCause(failure) || response.isCommitted()) {
                return null;
            }
            log.warn(
                    "Database unreachable, answering 503 to {} {}: {}",
                    request.getMethod(),
                    request.getRequestURI(),
                    failure.toString());
            try {
                write(response, json);
            } catch (IOException e) {
                return null;
            }
            return new ModelAndView();
        }

        @Override
        public int getOrder() {
            return Ordered.HIGHEST_PRECEDENCE + 1;
        }
    }

    /** Catches the failure on its way out of the filter chain (authentication, idempotency look-ups). */
    static final class Guard extends OncePerRequestFilter {

        private final ObjectMapper json;

        Guard(ObjectMapper json) {
            this.json = json;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            try {
                chain.doFilter(request, response);
            } catch (RuntimeException | ServletException failure) {
                if (!isCause(failure) || response.isCommitted()) {
                    throw failure;
                }
                log.warn(
                        "Database unreachable, answering 503 to {} {}: {}",
                        request.getMethod(),
                        request.getRequestURI(),
                        failure.toString());
                write(response, json);
            }
        }
    }
}

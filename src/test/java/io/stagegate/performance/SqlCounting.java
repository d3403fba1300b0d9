package io.stagegate.performance;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import javax.sql.DataSource;
import net.ttddyy.dsproxy.ExecutionInfo;
import net.ttddyy.dsproxy.QueryInfo;
import net.ttddyy.dsproxy.listener.QueryExecutionListener;
import net.ttddyy.dsproxy.support.ProxyDataSourceBuilder;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.core.Ordered;

/**
 * Counts the SQL statements that one piece of work sends, per thread: a datasource-proxy listener around the
 * application's DataSource adds each execution to the scope open on the executing thread, and does nothing when
 * none is open. A scope is opened either in the calling thread ({@link #count(Supplier)}) or, for an HTTP request,
 * by {@link #requestFilter()} when the request carries the header {@value #HEADER}; the request's count is then kept
 * under the header's value. The shared test context installs both (see {@code StagegateIntegrationTest}), so every
 * test may count without a context of its own; without a scope the cost is one ThreadLocal read per statement.
 */
public final class SqlCounting {

    /** The request header that asks for a request's statements to be counted, under the header's value. */
    public static final String HEADER = "X-Count-Sql";

    private static final ThreadLocal<Count> CURRENT = new ThreadLocal<>();
    private static final Map<String, Count> REQUESTS = new ConcurrentHashMap<>();

    private SqlCounting() {}

    /**
     * What one piece of work cost: {@code statements} counts every statement (each parameter set of a batch),
     * {@code roundTrips} every execution sent to the database (a batch is one).
     */
    public static final class Count {
        private int statements;
        private int roundTrips;
        private final List<String> sql = new ArrayList<>();

        public synchronized int statements() {
            return statements;
        }

        public synchronized int roundTrips() {
            return roundTrips;
        }

        /** The statements in the order they were sent (batches once, with their size), for failure messages. */
        public synchronized List<String> sql() {
            return List.copyOf(sql);
        }

        synchronized void add(ExecutionInfo execution, List<QueryInfo> queries) {
            roundTrips++;
            int parameterSets = queries.stream()
                    .mapToInt(q -> Math.max(1, q.getParametersList().size()))
                    .sum();
            int size = execution.isBatch() ? Math.max(execution.getBatchSize(), parameterSets) : 1;
            statements += size;
            String text = queries.isEmpty()
                    ? "?"
                    : queries.get(0).getQuery().replaceAll("\\s+", " ").strip();
            sql.add((size > 1 ? "[batch of " + size + "] " : "") + text);
        }

        @Override
        public synchronized String toString() {
            return statements + " statements in " + roundTrips + " round trips:\n  " + String.join("\n  ", sql);
        }
    }

    /** A result and what it cost. */
    public record Counted<T>(T result, Count count) {}

    /** Runs the work in this thread and counts its statements. */
    public static <T> Counted<T> count(Supplier<T> work) {
        Count previous = CURRENT.get();
        Count count = new Count();
        CURRENT.set(count);
        try {
            return new Counted<>(work.get(), count);
        } finally {
            restore(previous);
        }
    }

    /**
     * The count of the request sent with {@link #HEADER} = {@code token}. The client may see the response before the
     * server thread leaves the filter, so this waits a moment for it.
     */
    public static Count ofRequest(String token) {
        Instant until = Instant.now().plus(Duration.ofSeconds(10));
        while (Instant.now().isBefore(until)) {
            Count count = REQUESTS.remove(token);
            if (count != null) {
                return count;
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new AssertionError("No statement count was recorded for request " + token);
    }

    /** Wraps the application's DataSource, whichever bean it is, in the counting proxy. */
    public static BeanPostProcessor countingDataSource() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (bean instanceof DataSource dataSource
                        && !(bean instanceof net.ttddyy.dsproxy.support.ProxyDataSource)) {
                    return ProxyDataSourceBuilder.create(dataSource)
                            .name(beanName)
                            .listener(new Listener())
                            .build();
                }
                return bean;
            }
        };
    }

    /** Opens a scope for a request that carries {@link #HEADER}, before every other filter (security included). */
    public static FilterRegistrationBean<Filter> requestFilter() {
        FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(new RequestScope());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        registration.setName("sqlCountingFilter");
        return registration;
    }

    private static void restore(Count previous) {
        if (previous == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(previous);
        }
    }

    private static final class Listener implements QueryExecutionListener {
        @Override
        public void beforeQuery(ExecutionInfo execution, List<QueryInfo> queries) {}

        @Override
        public void afterQuery(ExecutionInfo execution, List<QueryInfo> queries) {
            Count count = CURRENT.get();
            if (count != null) {
                count.add(execution, queries);
            }
        }
    }

    private static final class RequestScope implements Filter {
        @Override
        public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
                throws IOException, ServletException {
            String token = request instanceof HttpServletRequest http ? http.getHeader(HEADER) : null;
            if (token == null) {
                chain.doFilter(request, response);
                return;
            }
            Count previous = CURRENT.get();
            Count count = new Count();
            CURRENT.set(count);
            try {
                chain.doFilter(request, response);
            } finally {
                restore(previous);
                REQUESTS.put(token, count);
            }
        }
    }
}

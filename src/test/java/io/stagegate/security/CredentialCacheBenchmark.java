package io.stagegate.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.stagegate.StagegateIntegrationTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * How much the credential cache buys: authenticated GETs per second over real HTTP with HTTP Basic, run once with
 * the cache as configured and once with {@code -Dstagegate.security.authentication-cache-ttl=0s} (cache off). Not part
 * of the build — a measurement to rerun on the target machine (docs/security.md, "Credential cache"):
 *
 * <pre>
 * mvn -Dsg.build.dir=/tmp/b -DskipModelLint test-compile surefire:test@default-test -Dtest=CredentialCacheBenchmark -Dsg.bench.cache=on
 * mvn -Dsg.build.dir=/tmp/b -DskipModelLint surefire:test@default-test -Dtest=CredentialCacheBenchmark -Dsg.bench.cache=off \
 *     -Dstagegate.security.authentication-cache-ttl=0s
 * </pre>
 *
 * Figures land in {@code ${sg.build.dir}/security/credential-cache-<label>.json}.
 */
@StagegateIntegrationTest
@EnabledIfSystemProperty(named = "sg.bench.cache", matches = ".+")
class CredentialCacheBenchmark {

    private static final int THREADS = 4;
    private static final Duration WARM_UP = Duration.ofSeconds(5);
    private static final Duration MEASURE = Duration.ofSeconds(20);

    @LocalServerPort
    private int port;

    @Value("${stagegate.security.authentication-cache-ttl}")
    private Duration ttl;

    @Test
    void measuresAuthenticatedGetsPerSecond() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/lifecycle"))
                .header("Authorization", io.stagegate.Api.basic("integration", "demo"))
                .GET()
                .build();
        run(client, request, WARM_UP);
        long started = System.nanoTime();
        long done = run(client, request, MEASURE);
        double seconds = (System.nanoTime() - started) / 1e9;
        double perSecond = done / seconds;
        assertThat(done).isPositive();

        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("label", System.getProperty("sg.bench.cache"));
        figures.put("cacheTtl", ttl.toString());
        figures.put("threads", THREADS);
        figures.put("seconds", Math.round(seconds * 10) / 10.0);
        figures.put("requests", done);
        figures.put("requestsPerSecond", Math.round(perSecond));
        figures.put("cpus", Runtime.getRuntime().availableProcessors());
        Path out = Path.of(
                System.getProperty("sg.build.dir", "target"),
                "security",
                "credential-cache-" + System.getProperty("sg.bench.cache") + ".json");
        Files.createDirectories(out.getParent());
        Files.writeString(
                out,
                new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(figures),
                StandardCharsets.UTF_8);
        System.out.println("credential cache benchmark: " + figures);
    }

    /** {@value #THREADS} threads sending the request back to back for {@code duration}; the number of 200s. */
    private static long run(HttpClient client, HttpRequest request, Duration duration) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<Long>> workers = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                workers.add(pool.submit(() -> {
                    long ok = 0;
                    while (!stop.get()) {
                        HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
                        if (response.statusCode() != 200) {
                            throw new IllegalStateException("status " + response.statusCode());
                        }
                        ok++;
                    }
                    return ok;
                }));
            }
            Thread.sleep(duration.toMillis());
            stop.set(true);
            long total = 0;
            for (Future<Long> worker : workers) {
                total += worker.get();
            }
            return total;
        } finally {
            pool.shutdownNow();
        }
    }
}

package io.stagegate.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.ToIntFunction;
import java.util.stream.Collectors;

/**
 * A real webhook receiver on 127.0.0.1 (the JDK's HTTP server on a random port) that records every request it gets
 * — headers, body and the status it answered — and answers what the test tells it to.
 */
final class Receiver implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One request as it arrived, and the status the receiver answered. */
    record Received(Map<String, String> headers, String body, int answered) {

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        String header(String name) {
            return headers.get(name.toLowerCase());
        }

        String projectId() {
            return json().path("projectId").asText();
        }

        /** Recomputes the signature as a receiver would: HMAC-SHA256 of "timestamp.body" with the shared secret. */
        void assertSignedWith(String secret) {
            try {
                javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
                mac.init(new javax.crypto.spec.SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
                String signed = header("X-Stagegate-Timestamp") + "." + body;
                String expected = "sha256="
                        + java.util.HexFormat.of().formatHex(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
                org.assertj.core.api.Assertions.assertThat(header("X-Stagegate-Signature"))
                        .isEqualTo(expected);
            } catch (java.security.GeneralSecurityException e) {
                throw new AssertionError(e);
            }
        }

        long projectSeq() {
            return json().path("projectSeq").asLong();
        }

        String eventId() {
            return json().path("id").asText();
        }

        boolean delivered() {
            return answered >= 200 && answered < 300;
        }
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile ToIntFunction<Received> answer = request -> 204;

    Receiver() throws IOException {
        this(0);
    }

    /** A receiver on a given port of 127.0.0.1 (0: any free one), e.g. one that comes back where it was before. */
    Receiver(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            Map<String, String> headers = exchange.getRequestHeaders().entrySet().stream()
                    .collect(Collectors.toMap(e -> e.getKey().toLowerCase(), e -> String.join(",", e.getValue())));
            Received request = new Received(headers, new String(body, StandardCharsets.UTF_8), 0);
            int status = answer.applyAsInt(request);
            received.add(new Received(request.headers(), request.body(), status));
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    /** How the receiver answers from now on: a status for each request. */
    void answer(ToIntFunction<Received> answer) {
        this.answer = answer;
    }

    /** Every request of one project, in the order it arrived. */
    List<Received> of(String projectId) {
        return received.stream().filter(r -> projectId.equals(r.projectId())).toList();
    }

    List<Received> deliveredOf(String projectId) {
        return of(projectId).stream().filter(Received::delivered).toList();
    }

    static void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out after " + timeout + " waiting for " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("Interrupted waiting for " + what);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

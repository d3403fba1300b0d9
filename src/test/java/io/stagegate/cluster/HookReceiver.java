package io.stagegate.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.ToIntFunction;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A real webhook receiver on 127.0.0.1 (the JDK's HTTP server, its own threads so that a slow answer does not hold
 * the others) that records every request — body, whether its signature is valid, the status it answered — and can go
 * away and come back on the same port. What it answers, and how late, the test decides.
 */
final class HookReceiver implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One request as it arrived. {@code late}: the answer was held back on purpose, longer than the sender waits, so
     * the sender counted the attempt as failed whatever status was finally written.
     */
    record Hit(
            String eventId,
            String projectId,
            long projectSeq,
            String type,
            String name,
            boolean signatureValid,
            int answered,
            boolean late) {

        boolean delivered() {
            return answered >= 200 && answered < 300 && !late;
        }
    }

    private final String secret;
    private final int port;
    private final List<Hit> hits = new CopyOnWriteArrayList<>();
    private volatile ToIntFunction<Hit> status = hit -> 204;
    private volatile ToIntFunction<Hit> delay = hit -> 0;
    private HttpServer server;

    HookReceiver(String secret) {
        this.secret = secret;
        this.port = ClusterDatabase.freePort();
        up();
    }

    String url() {
        return "http://127.0.0.1:" + port + "/hook";
    }

    /** Starts listening (again) on the same port. */
    synchronized void up() {
        if (server != null) {
            return;
        }
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot listen on " + port, e);
        }
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/hook", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String timestamp = exchange.getRequestHeaders().getFirst("X-Stagegate-Timestamp");
            String signature = exchange.getRequestHeaders().getFirst("X-Stagegate-Signature");
            JsonNode json = JSON.readTree(body);
            Hit arrived = new Hit(
                    json.path("id").asText(),
                    json.path("projectId").asText(),
                    json.path("projectSeq").asLong(),
                    json.path("type").asText(),
                    json.path("data").path("name").asText(""),
                    valid(timestamp, body, signature),
                    0,
                    false);
            int answer = status.applyAsInt(arrived);
            long wait = delay.applyAsInt(arrived);
            // recorded on arrival, so the list is in arrival order whatever the answer's delay
            hits.add(new Hit(
                    arrived.eventId(),
                    arrived.projectId(),
                    arrived.projectSeq(),
                    arrived.type(),
                    arrived.name(),
                    arrived.signatureValid(),
                    answer,
                    wait > 0));
            if (wait > 0) {
                AppProcess.sleep(wait);
            }
            try {
                exchange.sendResponseHeaders(answer, -1);
            } catch (IOException senderGaveUp) {
                // the sender timed out and closed the connection: it counts this attempt as failed
            }
            exchange.close();
        });
        server.start();
    }

    /** Holds back the answer to a request by this many milliseconds (0: answers at once). */
    void delay(ToIntFunction<Hit> delay) {
        this.delay = delay;
    }

    /** Stops listening: connections are refused until {@link #up()}. */
    synchronized void down() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }

    void answer(ToIntFunction<Hit> status) {
        this.status = status;
    }

    List<Hit> hits() {
        return List.copyOf(hits);
    }

    List<Hit> of(String projectId) {
        return hits.stream().filter(h -> h.projectId().equals(projectId)).toList();
    }

    private boolean valid(String timestamp, String body, String signature) {
        if (timestamp == null || signature == null) {
            return false;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] expected = mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
            return MessageDigest.isEqual(
                    ("sha256=" + HexFormat.of().formatHex(expected)).getBytes(StandardCharsets.UTF_8),
                    signature.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        down();
    }
}

package io.stagegate.web;

import static io.stagegate.lifecycle.ProjectRepository.utc;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.Part;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * {@code Idempotency-Key} on every POST of {@code /api/v1} (IETF httpapi idempotency-key draft): a retry with the
 * same key and body gets the first response again and changes nothing; the same key with another body → 422; while
 * the first request is still running → 409. Keys are per user and expire after the configured retention. A 5xx is
 * not remembered, so the client may retry it.
 */
@Component
public class IdempotencyFilter extends OncePerRequestFilter {

    public static final String HEADER = "Idempotency-Key";
    private static final String IN_PROGRESS = "IN_PROGRESS";
    private static final String DONE = "DONE";

    private final JdbcClient jdbc;
    private final IdempotencyProperties properties;
    private final ObjectMapper json;

    IdempotencyFilter(JdbcClient jdbc, IdempotencyProperties properties, ObjectMapper json) {
        this.jdbc = jdbc;
        this.properties = properties;
        this.json = json;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod())
                || !request.getRequestURI().startsWith(request.getContextPath() + "/api/")
                || request.getHeader(HEADER) == null;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null || !authentication.isAuthenticated()) {
            chain.doFilter(request, response);
            return;
        }
        String key = request.getHeader(HEADER);
        if (key.isBlank() || key.length() > 255 || !key.chars().allMatch(c -> c >= 0x21 && c <= 0x7e)) {
            problem(
                    response,
                    HttpStatus.BAD_REQUEST,
                    "invalid-input",
                    "Invalid input",
                    "Idempotency-Key must be 1 to 255 visible ASCII characters");
            return;
        }
        String user = authentication.getName();
        HttpServletRequest replayable = request;
        String hash;
        String contentType = request.getContentType();
        if (contentType != null && contentType.toLowerCase().startsWith("multipart/")) {
            try {
                hash = hashMultipart(request);
            } catch (IllegalStateException | ServletException tooLargeOrMalformed) {
                boolean tooLarge =
                        tooLargeOrMalformed.getClass().getSimpleName().contains("IllegalState")
                                || String.valueOf(tooLargeOrMalformed.getCause())
                                        .contains("SizeLimit");
                problem(
                        response,
                        tooLarge ? HttpStatus.PAYLOAD_TOO_LARGE : HttpStatus.BAD_REQUEST,
                        tooLarge ? "upload-too-large" : "malformed-request",
                        tooLarge ? "Upload too large" : "Malformed request",
                        tooLarge
                                ? "The upload exceeds the configured size limit"
                                : "The multipart request could not be read");
                return;
            }
        } else {
            byte[] body = request.getInputStream().readAllBytes();
            hash = hash(request, body);
            replayable = new BufferedRequest(request, body);
        }
        Instant now = Instant.now();
        if (!claim(user, key, hash, now)) {
            Optional<Stored> stored = stored(user, key);
            if (stored.isEmpty()) {
                problem(
                        response,
                        HttpStatus.CONFLICT,
                        "conflict",
                        "Conflicts with the current state",
                        "A request with this Idempotency-Key is being processed; retry later");
                return;
            }
            Stored first = stored.get();
            if (!first.requestHash().equals(hash)) {
                problem(
                        response,
                        HttpStatus.UNPROCESSABLE_ENTITY,
                        "idempotency-key-reused",
                        "Idempotency key reused",
                        "This Idempotency-Key was used with a different request");
            } else if (IN_PROGRESS.equals(first.state())) {
                problem(
                        response,
                        HttpStatus.CONFLICT,
                        "conflict",
                        "Conflicts with the current state",
                        "A request with this Idempotency-Key is being processed; retry later");
            } else {
                replay(response, first);
            }
            return;
        }
        ContentCachingResponseWrapper recorded = new ContentCachingResponseWrapper(response);
        boolean completed = false;
        try {
            chain.doFilter(replayable, recorded);
            completed = recorded.getStatus() < 500;
        } finally {
            if (completed) {
                remember(user, key, recorded);
            } else {
                forget(user, key);
            }
            recorded.copyBodyToResponse();
        }
    }

    @Scheduled(fixedDelayString = "PT10M", initialDelayString = "PT1M")
    void purgeExpired() {
        jdbc.sql("delete from sg_idempotency_key where expires_at < :now")
                .param("now", utc(Instant.now()))
                .update();
    }

    private boolean claim(String user, String key, String hash, Instant now) {
        jdbc.sql("delete from sg_idempotency_key where user_id = :u and idem_key = :k and expires_at < :now")
                .param("u", user)
                .param("k", key)
                .param("now", utc(now))
                .update();
        try {
            jdbc.sql("insert into sg_idempotency_key (user_id, idem_key, request_hash, state, created_at, expires_at)"
                            + " values (:u, :k, :h, :state, :now, :expires)")
                    .param("u", user)
                    .param("k", key)
                    .param("h", hash)
                    .param("state", IN_PROGRESS)
                    .param("now", utc(now))
                    .param("expires", utc(now.plus(properties.retention())))
                    .update();
            return true;
        } catch (DuplicateKeyException taken) {
            return false;
        }
    }

    private Optional<Stored> stored(String user, String key) {
        return jdbc.sql("select request_hash, state, response_status, response_location, response_type,"
                        + " response_body from sg_idempotency_key where user_id = :u and idem_key = :k")
                .param("u", user)
                .param("k", key)
                .query((rs, row) -> new Stored(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getInt(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getString(6)))
                .optional();
    }

    private void remember(String user, String key, ContentCachingResponseWrapper recorded) {
        jdbc.sql("update sg_idempotency_key set state = :state, response_status = :status, response_location = :loc,"
                        + " response_type = :type, response_body = :body where user_id = :u and idem_key = :k")
                .param("state", DONE)
                .param("status", recorded.getStatus())
                .param("loc", recorded.getHeader(HttpHeaders.LOCATION))
                .param("type", recorded.getContentType())
                .param("body", new String(recorded.getContentAsByteArray(), StandardCharsets.UTF_8))
                .param("u", user)
                .param("k", key)
                .update();
    }

    private void forget(String user, String key) {
        jdbc.sql("delete from sg_idempotency_key where user_id = :u and idem_key = :k")
                .param("u", user)
                .param("k", key)
                .update();
    }

    private static void replay(HttpServletResponse response, Stored first) throws IOException {
        response.setStatus(first.status());
        if (first.location() != null) {
            response.setHeader(HttpHeaders.LOCATION, first.location());
        }
        if (first.contentType() != null) {
            response.setContentType(first.contentType());
        }
        response.setHeader("Idempotent-Replayed", "true");
        if (first.body() != null) {
            byte[] bytes = first.body().getBytes(StandardCharsets.UTF_8);
            response.setContentLength(bytes.length);
            response.getOutputStream().write(bytes);
        }
    }

    private void problem(HttpServletResponse response, HttpStatus status, String slug, String title, String detail)
            throws IOException {
        ApiProblems.write(response, json, status, slug, title, detail);
    }

    private static String hash(HttpServletRequest request, byte[] body) {
        MessageDigest digest = sha256();
        digest.update((request.getMethod() + " " + request.getRequestURI() + "?" + request.getQueryString() + "\n")
                .getBytes(StandardCharsets.UTF_8));
        digest.update(body);
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Multipart bodies are hashed part by part (boundaries differ between retries of the same upload). */
    private static String hashMultipart(HttpServletRequest request) throws IOException, ServletException {
        MessageDigest digest = sha256();
        digest.update((request.getMethod() + " " + request.getRequestURI() + "?" + request.getQueryString() + "\n")
                .getBytes(StandardCharsets.UTF_8));
        List<Part> parts = request.getParts().stream()
                .sorted(Comparator.comparing(Part::getName))
                .toList();
        for (Part part : parts) {
            digest.update(
                    (part.getName() + "\n" + part.getSubmittedFileName() + "\n").getBytes(StandardCharsets.UTF_8));
            try (InputStream in = part.getInputStream()) {
                digest.update(in.readAllBytes());
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Stored(
            String requestHash, String state, int status, String location, String contentType, String body) {}
}

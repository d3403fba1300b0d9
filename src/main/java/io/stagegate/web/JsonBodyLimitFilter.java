package io.stagegate.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Caps every non-multipart request body of {@code /api} at {@link #MAX_BYTES}: no JSON request of the contract comes
 * near it (texts are limited to 4,000 characters, KPIs to 20), while an unbounded body would be read into memory
 * whole (the {@link IdempotencyFilter} hashes it). A declared length above the cap is refused at once; a chunked
 * body is counted while it is read. Either way the answer is a 413 problem detail and nothing runs. A JSON body
 * must also be strictly valid UTF-8 (400 otherwise): Jackson lets overlong forms and encoded surrogates through. Uploads have
 * their own, larger limit ({@code spring.servlet.multipart.*}). See ADR 0008.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
class JsonBodyLimitFilter extends OncePerRequestFilter {

    static final int MAX_BYTES = 1024 * 1024;

    private final ObjectMapper json;

    JsonBodyLimitFilter(ObjectMapper json) {
        this.json = json;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String type = request.getContentType();
        return !request.getRequestURI().startsWith(request.getContextPath() + "/api/")
                || (type != null && type.toLowerCase().startsWith("multipart/"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getContentLengthLong() > MAX_BYTES) {
            tooLarge(response);
            return;
        }
        String type = request.getContentType();
        if (type != null && type.toLowerCase().contains("json")) {
            // Jackson decodes some invalid UTF-8 (overlong forms, encoded surrogates) without complaint; check strictly
            byte[] body;
            try {
                body = new CountingRequest(request).getInputStream().readAllBytes();
            } catch (BodyTooLarge e) {
                tooLarge(response);
                return;
            }
            try {
                StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(body));
            } catch (java.nio.charset.CharacterCodingException e) {
                ApiProblems.write(
                        response,
                        json,
                        HttpStatus.BAD_REQUEST,
                        "malformed-request",
                        "Malformed request",
                        "The request body is not valid UTF-8");
                return;
            }
            chain.doFilter(new BufferedRequest(request, body), response);
            return;
        }
        try {
            chain.doFilter(new CountingRequest(request), response);
        } catch (BodyTooLarge | ServletException e) {
            if (!(e instanceof BodyTooLarge) && !(e.getCause() instanceof BodyTooLarge)) {
                throw e;
            }
            if (response.isCommitted()) {
                return;
            }
            response.reset();
            tooLarge(response);
        }
    }

    private void tooLarge(HttpServletResponse response) throws IOException {
        ApiProblems.write(
                response,
                json,
                HttpStatus.PAYLOAD_TOO_LARGE,
                "request-too-large",
                "Request too large",
                "A JSON request body may hold at most " + MAX_BYTES + " bytes");
    }

    /** Thrown by the body stream once more than {@link #MAX_BYTES} have been read. */
    static final class BodyTooLarge extends IOException {
        BodyTooLarge() {
            super("request body above the limit");
        }
    }

    private static final class CountingRequest extends HttpServletRequestWrapper {

        private ServletInputStream counted;

        CountingRequest(HttpServletRequest request) {
            super(request);
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (counted == null) {
                counted = new Counted(super.getInputStream());
            }
            return counted;
        }

        @Override
        public BufferedReader getReader() throws IOException {
            String encoding = getCharacterEncoding();
            return new BufferedReader(new InputStreamReader(
                    getInputStream(), encoding == null ? StandardCharsets.UTF_8.name() : encoding));
        }
    }

    private static final class Counted extends ServletInputStream {

        private final ServletInputStream in;
        private long read;

        Counted(ServletInputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) throws BodyTooLarge {
            read += n;
            if (read > MAX_BYTES) {
                throw new BodyTooLarge();
            }
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}

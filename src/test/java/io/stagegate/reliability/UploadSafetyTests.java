package io.stagegate.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.stagegate.Api;
import io.stagegate.Api.Answer;
import io.stagegate.ProjectFixtures;
import io.stagegate.ReliabilityReport;
import io.stagegate.StagegateIntegrationTest;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Uploaded content is evidence: it comes back byte for byte as it was given, with the hash the service computed, and
 * a browser never renders it — whatever media type and file name the uploader declared (HTML, SVG with script, a
 * name with quotes, line breaks or a path), it is served as an {@code application/octet-stream} attachment with
 * {@code X-Content-Type-Options: nosniff}.
 */
@StagegateIntegrationTest
class UploadSafetyTests {

    @LocalServerPort
    int port;

    @Test
    void servesUploadsByteForByteAsAttachmentsThatNoBrowserRenders() throws Exception {
        Api api = new Api(port);
        String id = new ProjectFixtures(api).create("Upload safety").path("id").asText();
        HttpClient http = HttpClient.newHttpClient();
        Random random = new Random(7);

        byte[] everyByte = new byte[256 * 4];
        for (int i = 0; i < everyByte.length; i++) {
            everyByte[i] = (byte) i;
        }
        byte[] noise = new byte[300_000];
        random.nextBytes(noise);
        List<Upload> uploads = List.of(
                new Upload("page.html", "text/html", "<html><script>alert(document.cookie)</script></html>".getBytes()),
                new Upload(
                        "image.svg",
                        "image/svg+xml",
                        "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>".getBytes()),
                new Upload("../../etc/evil\".html", "text/html; charset=utf-7", "+ADw-script+AD4-".getBytes()),
                new Upload("every-byte.bin", "application/octet-stream", everyByte),
                new Upload("noise \u6587\u4ef6.pdf", "application/pdf", noise),
                new Upload("line\r\nbreak.txt", "text/plain", "\r\n\u0000\r\n".getBytes(StandardCharsets.UTF_8)));

        int uploaded = 0;
        long bytes = 0;
        List<String> problems = new ArrayList<>();
        for (Upload upload : uploads) {
            String boundary = "upload-" + random.nextInt(1_000_000);
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"metadata\"\r\n"
                            + "Content-Type: application/json\r\n\r\n"
                            + "{\"phase\":\"REQUIREMENTS\",\"type\":\"requirements-spec\",\"title\":\"Upload\"}\r\n"
                            + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                            + upload.fileName().replace("\"", "%22").replace("\r\n", "%0D%0A") + "\"\r\n"
                            + "Content-Type: " + upload.declaredType() + "\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            body.writeBytes(upload.content());
            body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
            HttpResponse<String> created = http.send(
                    HttpRequest.newBuilder(
                                    URI.create("http://localhost:" + port + "/api/v1/projects/" + id + "/deliverables"))
                            .header("Authorization", Api.basic("dev", "demo"))
                            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            JsonNode deliverable = new com.fasterxml.jackson.databind.ObjectMapper().readTree(created.body());
            assertThat(deliverable.path("sha256").asText())
                    .as("the service hashed exactly the bytes sent")
                    .isEqualTo(ProjectFixtures.sha256(upload.content()));
            assertThat(deliverable.path("size").asLong()).isEqualTo(upload.content().length);

            HttpResponse<byte[]> served = http.send(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/projects/" + id
                                    + "/deliverables/" + deliverable.path("id").asText() + "/content"))
                            .header("Authorization", Api.basic("auditor", "demo"))
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            uploaded++;
            bytes += upload.content().length;
            String disposition =
                    served.headers().firstValue("Content-Disposition").orElse("");
            if (served.statusCode() != 200 || !Arrays.equals(served.body(), upload.content())) {
                problems.add(upload.fileName() + ": not served byte for byte (" + served.statusCode() + ")");
            }
            if (!served.headers().firstValue("Content-Type").orElse("").equals("application/octet-stream")
                    || !served.headers()
                            .firstValue("X-Content-Type-Options")
                            .orElse("")
                            .equals("nosniff")
                    || !served.headers()
                            .firstValue("Content-Security-Policy")
                            .orElse("")
                            .startsWith("sandbox")
                    || !disposition.startsWith("attachment;")
                    || disposition.contains("\r")
                    || disposition.contains("\n")
                    || disposition.contains("/etc/")) {
                problems.add(upload.fileName() + " (declared " + upload.declaredType() + ") served with "
                        + served.headers().map());
            }
            Answer list = api.get("auditor", "/api/v1/projects/" + id + "/deliverables?size=50");
            if (!list.body()
                    .path("items")
                    .findValuesAsText("sha256")
                    .contains(ProjectFixtures.sha256(upload.content()))) {
                problems.add(upload.fileName() + ": hash not listed");
            }
        }
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put(
                "uploads (HTML, SVG with script, UTF-7, every byte value, 300 KB noise, CR LF in the name)", uploaded);
        figures.put("bytes uploaded and compared", bytes);
        figures.put("uploads not served byte for byte or served renderable", problems.size());
        ReliabilityReport.record(
                "upload-safety", "Uploads with hostile declared media types and names, fetched back", figures);
        assertThat(problems).isEmpty();
    }

    record Upload(String fileName, String declaredType, byte[] content) {}
}

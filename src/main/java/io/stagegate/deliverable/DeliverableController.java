package io.stagegate.deliverable;

import io.stagegate.lifecycle.Phase;
import io.stagegate.lifecycle.Refusal;
import io.stagegate.web.CallerActor;
import io.stagegate.web.Paged;
import io.stagegate.web.Paging;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Valid;
import jakarta.validation.Validator;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

@RestController
@RequestMapping("/api/v1/projects/{id}/deliverables")
@Tag(name = "Deliverables", description = "Phase outputs: versioned, hashed, never overwritten")
class DeliverableController {

    private final DeliverableManagement management;
    private final CallerActor caller;
    private final Validator validator;

    DeliverableController(DeliverableManagement management, CallerActor caller, Validator validator) {
        this.management = management;
        this.caller = caller;
        this.validator = validator;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Register a reference to an external artifact with its SHA-256 (role: contributor)")
    ResponseEntity<DeliverableResponse> reference(
            @PathVariable String id, @Valid @RequestBody ReferenceRequest request) {
        if (request.uri() == null) {
            throw Refusal.badRequest("uri", "uri is required (or upload the content as multipart/form-data)");
        }
        if (request.sha256() == null) {
            throw Refusal.badRequest("sha256", "sha256 is required with a uri");
        }
        URI uri = parseUri(request.uri());
        Deliverable deliverable = management.register(
                id,
                new DeliverableManagement.Registration(
                        request.phase(),
                        request.type(),
                        request.title().strip(),
                        uri.toString(),
                        request.sha256(),
                        request.metrics(),
                        null,
                        null,
                        null),
                caller.current());
        return created(id, deliverable);
    }

    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Upload a deliverable's content with its metadata (role: contributor)")
    ResponseEntity<DeliverableResponse> upload(
            @PathVariable String id,
            @RequestPart("metadata") UploadMetadata metadata,
            @RequestPart("file") MultipartFile file)
            throws IOException {
        Set<ConstraintViolation<UploadMetadata>> violations = validator.validate(metadata);
        if (!violations.isEmpty()) {
            throw new ConstraintViolationException(violations);
        }
        if (file.isEmpty()) {
            throw Refusal.badRequest("file", "file is empty");
        }
        Deliverable deliverable = management.register(
                id,
                new DeliverableManagement.Registration(
                        metadata.phase(),
                        metadata.type(),
                        metadata.title().strip(),
                        null,
                        null,
                        metadata.metrics(),
                        file.getBytes(),
                        file.getContentType(),
                        file.getOriginalFilename()),
                caller.current());
        return created(id, deliverable);
    }

    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "All versions of the project's deliverables, newest first")
    Paged<DeliverableResponse> list(
            @PathVariable String id,
            @RequestParam(required = false) Phase phase,
            @RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size) {
        Paging paging = Paging.of(page, size);
        DeliverableManagement.DeliverablePage found = management.list(id, phase, paging.page(), paging.size());
        return new Paged<>(
                found.items().stream().map(DeliverableResponse::of).toList(),
                paging.page(),
                paging.size(),
                found.total());
    }

    @GetMapping("/{deliverableId}/content")
    @Operation(summary = "The uploaded bytes, as an attachment")
    ResponseEntity<byte[]> content(@PathVariable String id, @PathVariable String deliverableId) {
        DeliverableManagement.StoredContent stored = management.content(id, deliverableId);
        // only the last segment of what the uploader named it: a path in a download name is never meant
        String fileName = stored.deliverable().fileName() == null
                ? stored.deliverable().type() + "-v" + stored.deliverable().version()
                : stored.deliverable().fileName().replaceAll("^.*[/\\\\]", "");
        if (fileName.isBlank()) {
            fileName = stored.deliverable().type() + "-v" + stored.deliverable().version();
        }
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_OCTET_STREAM)
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment()
                                .filename(fileName, java.nio.charset.StandardCharsets.UTF_8)
                                .build()
                                .toString())
                .header("X-Content-Type-Options", "nosniff")
                .header("Content-Security-Policy", "sandbox; default-src 'none'")
                .header("X-Stagegate-SHA256", stored.deliverable().sha256())
                .body(stored.bytes());
    }

    private static ResponseEntity<DeliverableResponse> created(String projectId, Deliverable deliverable) {
        return ResponseEntity.created(URI.create("/api/v1/projects/" + projectId + "/deliverables/" + deliverable.id()))
                .body(DeliverableResponse.of(deliverable));
    }

    private static URI parseUri(String value) {
        try {
            URI uri = new URI(value);
            if (!uri.isAbsolute()
                    || uri.getHost() == null
                    || !("https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme()))) {
                throw Refusal.badRequest("uri", "uri must be an absolute http or https URI");
            }
            return uri;
        } catch (java.net.URISyntaxException e) {
            throw Refusal.badRequest("uri", "uri must be an absolute http or https URI");
        }
    }

    record ReferenceRequest(
            @NotNull Phase phase,
            @NotBlank @Size(max = 64) String type,
            @NotBlank @Size(max = 300) String title,
            @Size(max = 2048) String uri,
            @Pattern(regexp = "[0-9a-fA-F]{64}", message = "must be exactly 64 hex digits") String sha256,
            @Size(max = 50) Map<@NotBlank @Size(max = 100) String, @NotNull Double> metrics) {}

    record UploadMetadata(
            @NotNull Phase phase,
            @NotBlank @Size(max = 64) String type,
            @NotBlank @Size(max = 300) String title,
            @Size(max = 50) Map<@NotBlank @Size(max = 100) String, @NotNull Double> metrics) {}

    record DeliverableResponse(
            String id,
            Phase phase,
            String type,
            int version,
            int iteration,
            String title,
            String uri,
            String sha256,
            Long size,
            String mediaType,
            Map<String, Double> metrics,
            String submittedBy,
            Instant submittedAt) {

        static DeliverableResponse of(Deliverable d) {
            return new DeliverableResponse(
                    d.id(),
                    d.phase(),
                    d.type(),
                    d.version(),
                    d.iteration(),
                    d.title(),
                    d.uri(),
                    d.sha256(),
                    d.size(),
                    d.mediaType(),
                    d.metrics(),
                    d.submittedBy(),
                    d.submittedAt());
        }
    }
}

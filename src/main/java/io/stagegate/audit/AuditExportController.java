package io.stagegate.audit;

import io.stagegate.lifecycle.Actor;
import io.stagegate.lifecycle.Refusal;
import io.stagegate.web.CallerActor;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Audit", description = "Hash-chained history per project and its verification")
class AuditExportController {

    private static final MediaType HTML = new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8);

    private final AuditExport export;
    private final CallerActor caller;

    AuditExportController(AuditExport export, CallerActor caller) {
        this.export = export;
        this.caller = caller;
    }

    @GetMapping(
            path = "/api/v1/projects/{id}/audit-export",
            produces = {"application/json", "text/html"})
    @Operation(
            summary = "The project's audit file (roles: auditor, pmo): history, chain state, gate decisions with their"
                    + " evidence, deliverable hashes, KPI results, controls of confirmed checks; JSON, or a printable"
                    + " HTML document with ?format=html or Accept: text/html; names follow Accept-Language")
    ResponseEntity<?> export(
            @PathVariable String id,
            @RequestParam(required = false) String format,
            @RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept,
            Locale locale) {
        Actor actor = caller.current();
        if (!AuditReaders.mayRead(actor.groups())) {
            throw Refusal.forbidden("The audit file is for auditors and the PMO");
        }
        if (format != null && !format.equals("json") && !format.equals("html")) {
            throw Refusal.badRequest("format", "format is json or html");
        }
        AuditExport.AuditFile file = export.of(id, actor.userId(), locale);
        if (wantsHtml(format, accept)) {
            return ResponseEntity.ok().contentType(HTML).body(AuditFileHtml.render(file, locale));
        }
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(file);
    }

    /** {@code format} decides; without it, HTML only when the client prefers it to JSON (a browser). */
    private static boolean wantsHtml(String format, String accept) {
        if (format != null) {
            return format.equals("html");
        }
        if (accept == null) {
            return false;
        }
        double html = 0;
        double json = 0;
        for (MediaType type : MediaType.parseMediaTypes(accept)) {
            if (type.getType().equals("text") && type.getSubtype().equals("html")) {
                html = Math.max(html, type.getQualityValue());
            } else if (type.getType().equals("application") && type.getSubtype().equals("json")) {
                json = Math.max(json, type.getQualityValue());
            }
        }
        return html > json;
    }
}

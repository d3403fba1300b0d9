package io.stagegate.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stagegate.lifecycle.Actor;
import io.stagegate.lifecycle.ProjectRepository;
import io.stagegate.lifecycle.Refusal;
import io.stagegate.web.CallerActor;
import io.stagegate.web.Paged;
import io.stagegate.web.Paging;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Audit", description = "Hash-chained history per project and its verification")
class AuditController {

    private final AuditRepository events;
    private final AuditLog log;
    private final ProjectRepository projects;
    private final CallerActor caller;
    private final ObjectMapper json;

    AuditController(
            AuditRepository events, AuditLog log, ProjectRepository projects, CallerActor caller, ObjectMapper json) {
        this.events = events;
        this.log = log;
        this.projects = projects;
        this.caller = caller;
        this.json = json;
    }

    @GetMapping(path = "/api/v1/projects/{id}/history", produces = "application/json")
    @Operation(summary = "The project's audit events in order, one hash chain per project")
    @Transactional(readOnly = true)
    Paged<HistoryEntry> history(
            @PathVariable String id,
            @RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size) {
        Paging paging = Paging.of(page, size);
        if (projects.findById(id).isEmpty()) {
            throw Refusal.notFound("No project " + id);
        }
        return new Paged<>(
                events.page(id, paging.page(), paging.size()).stream()
                        .map(this::entry)
                        .toList(),
                paging.page(),
                paging.size(),
                events.count(id));
    }

    @GetMapping(path = "/api/v1/audit/system-history", produces = "application/json")
    @Operation(
            summary = "The system chain (roles: auditor, pmo): deployments of models and policies, administrative"
                    + " engine actions that touch no project")
    @Transactional(readOnly = true)
    Paged<HistoryEntry> systemHistory(
            @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size) {
        Actor actor = caller.current();
        if (!AuditReaders.mayRead(actor.groups())) {
            throw Refusal.forbidden("The system chain is for auditors and the PMO");
        }
        Paging paging = Paging.of(page, size);
        return new Paged<>(
                events.page(AuditLog.SYSTEM_CHAIN, paging.page(), paging.size()).stream()
                        .map(this::entry)
                        .toList(),
                paging.page(),
                paging.size(),
                events.count(AuditLog.SYSTEM_CHAIN));
    }

    @GetMapping(path = "/api/v1/audit/verify", produces = "application/json")
    @Operation(summary = "Recompute every project's chain (roles: auditor, pmo)")
    AuditLog.Verification verify() {
        Actor actor = caller.current();
        if (!AuditReaders.mayRead(actor.groups())) {
            throw Refusal.forbidden("Verification is for auditors and the PMO");
        }
        return log.verify();
    }

    private HistoryEntry entry(AuditEvent e) {
        JsonNode details;
        try {
            details = json.readTree(e.detailsJson());
        } catch (Exception unreadable) {
            details = json.getNodeFactory().textNode(e.detailsJson());
        }
        return new HistoryEntry(e.seq(), e.at(), e.actor(), e.type(), e.phase(), details, e.hash(), e.previousHash());
    }

    record HistoryEntry(
            long seq,
            Instant at,
            String actor,
            String type,
            String phase,
            JsonNode details,
            String hash,
            String previousHash) {}
}

package io.stagegate.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.stagegate.lifecycle.ProjectEvent;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Appends every {@link ProjectEvent} to its project's chain, in the transaction of the change itself: if the change
 * rolls back, so does its link. Writers of one project hold that project's row lock, so links never race.
 */
@Component
public class AuditLog {

    /**
     * The chain of records that belong to no project: deployments of models and policies, administrative actions on
     * definitions or on instances that carry no project. No project id can take this value (project ids are UUIDs).
     */
    public static final String SYSTEM_CHAIN = "_system";

    private final AuditRepository events;
    private final AuditKey key;
    private final ObjectMapper canonicalJson = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    private final ApplicationEventPublisher publisher;

    AuditLog(AuditRepository events, AuditKey key, ApplicationEventPublisher publisher) {
        this.events = events;
        this.key = key;
        this.publisher = publisher;
    }

    @EventListener
    @Transactional(propagation = Propagation.MANDATORY)
    public void on(ProjectEvent event) {
        ObjectNode details = canonicalJson.valueToTree(event);
        details.remove(List.of("projectId", "actor", "phase"));
        AuditEvent link = append(
                event.projectId(),
                event.actor(),
                event.type(),
                event.phase() == null ? null : event.phase().name(),
                details.toString());
        publisher.publishEvent(new AuditEventRecorded(event, link.seq(), link.at()));
    }

    /**
     * Appends a record that is not a project event (an administrative engine action, a deployment) to the chain
     * {@code chainId}: a project's id, or {@link #SYSTEM_CHAIN}. Details are stored in canonical form (keys sorted).
     */
    AuditEvent appendRecord(String chainId, String actor, String type, java.util.Map<String, ?> details) {
        return append(
                chainId, actor, type, null, canonicalJson.valueToTree(details).toString());
    }

    AuditEvent append(String projectId, String actor, String type, String phase, String detailsJson) {
        Optional<AuditEvent> last = events.last(projectId);
        AuditEvent unsigned = new AuditEvent(
                projectId,
                last.map(e -> e.seq() + 1).orElse(1L),
                Instant.now().truncatedTo(ChronoUnit.MICROS),
                actor == null ? "system" : actor,
                type,
                phase,
                detailsJson,
                null,
                last.map(AuditEvent::hash).orElse(null));
        AuditEvent signed = new AuditEvent(
                unsigned.projectId(),
                unsigned.seq(),
                unsigned.at(),
                unsigned.actor(),
                unsigned.type(),
                unsigned.phase(),
                unsigned.detailsJson(),
                key.sign(unsigned.canonical()),
                unsigned.previousHash());
        events.insert(signed);
        return signed;
    }

    /**
     * Recomputes every chain and names, per broken chain, the first link that does not verify (or, after a gap, the
     * first missing one). Links removed from the end of a chain leave no gap: only a copy kept elsewhere (an export)
     * shows them missing.
     */
    @Transactional(readOnly = true)
    public Verification verify() {
        List<Broken> broken = new ArrayList<>();
        long[] counts = new long[2];
        String[] chain = new String[1];
        AuditEvent[] previous = new AuditEvent[1];
        boolean[] chainBroken = new boolean[1];
        events.forEachInOrder(event -> {
            counts[1]++;
            if (!event.projectId().equals(chain[0])) {
                chain[0] = event.projectId();
                previous[0] = null;
                chainBroken[0] = false;
                counts[0]++;
            }
            if (!chainBroken[0] && !linkHolds(previous[0], event)) {
                // a gap means the missing link is where the chain breaks, not the one after it
                long expectedSeq = previous[0] == null ? 1 : previous[0].seq() + 1;
                broken.add(new Broken(event.projectId(), Math.min(expectedSeq, event.seq())));
                chainBroken[0] = true;
            }
            previous[0] = event;
        });
        return new Verification(broken.isEmpty(), counts[0], counts[1], broken);
    }

    /** One chain as it stands: its length, its newest link (the value to anchor elsewhere) and whether it holds. */
    ChainState chainState(List<AuditEvent> chain) {
        AuditEvent previous = null;
        Long firstBrokenSeq = null;
        for (AuditEvent event : chain) {
            if (firstBrokenSeq == null && !linkHolds(previous, event)) {
                firstBrokenSeq = Math.min(previous == null ? 1 : previous.seq() + 1, event.seq());
            }
            previous = event;
        }
        return new ChainState(
                firstBrokenSeq == null,
                chain.size(),
                previous == null ? 0 : previous.seq(),
                previous == null ? null : previous.hash(),
                firstBrokenSeq);
    }

    private boolean linkHolds(AuditEvent previous, AuditEvent event) {
        long expectedSeq = previous == null ? 1 : previous.seq() + 1;
        String expectedPrevious = previous == null ? null : previous.hash();
        AuditEvent unsigned = new AuditEvent(
                event.projectId(),
                event.seq(),
                event.at(),
                event.actor(),
                event.type(),
                event.phase(),
                event.detailsJson(),
                null,
                event.previousHash());
        return event.seq() == expectedSeq
                && java.util.Objects.equals(event.previousHash(), expectedPrevious)
                && key.sign(unsigned.canonical()).equals(event.hash());
    }

    public record Verification(boolean valid, long projects, long events, List<Broken> broken) {}

    public record Broken(String projectId, long firstBrokenSeq) {}

    record ChainState(boolean valid, long events, long lastSeq, String lastHash, Long firstBrokenSeq) {}
}

package io.stagegate.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.stagegate.Api;
import io.stagegate.Api.Answer;
import io.stagegate.ProjectFixtures;
import io.stagegate.StagegateIntegrationTest;
import io.stagegate.demo.LifecycleWalker;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Someone with write access to the database but not the chain key edits, deletes, reorders or re-signs a project's
 * links; the verification names that project and the first link that no longer holds. Every tamper hits its own
 * fresh project and is undone right after, so the shared test database keeps a log that verifies.
 */
@StagegateIntegrationTest
class AuditChainTamperTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    AuditRepository events;

    @Autowired
    LifecycleWalker walker;

    private Api api;
    private ProjectFixtures fixtures;

    @BeforeEach
    void connect() {
        api = new Api(port);
        fixtures = new ProjectFixtures(api);
    }

    @Test
    void detectsAnEditedDetail() {
        String id = walkedProject("Tamper edit");
        List<AuditEvent> original = chain(id);
        try {
            jdbc.sql("update sg_audit_event set details_json = :d where project_id = :p and seq = 5")
                    .param("d", "{\"edited\":true}")
                    .param("p", id)
                    .update();
            assertBrokenAt(id, 5);
        } finally {
            restore(id, original);
        }
    }

    @Test
    void detectsADeletedMiddleLink() {
        String id = walkedProject("Tamper delete");
        List<AuditEvent> original = chain(id);
        try {
            jdbc.sql("delete from sg_audit_event where project_id = :p and seq = 7")
                    .param("p", id)
                    .update();
            assertBrokenAt(id, 7);
        } finally {
            restore(id, original);
        }
    }

    @Test
    void detectsTwoSwappedLinks() {
        String id = walkedProject("Tamper swap");
        List<AuditEvent> original = chain(id);
        try {
            setSeq(id, 5, -5);
            setSeq(id, 6, 5);
            setSeq(id, -5, 6);
            assertBrokenAt(id, 5);
        } finally {
            restore(id, original);
        }
    }

    @Test
    void detectsAChainRewrittenFromTheStartUnderAnotherKey() {
        String id = walkedProject("Tamper rewrite");
        List<AuditEvent> original = chain(id);
        try {
            String previous = null;
            for (AuditEvent link : original) {
                AuditEvent unsigned = new AuditEvent(
                        link.projectId(),
                        link.seq(),
                        link.at(),
                        link.actor(),
                        link.type(),
                        link.phase(),
                        link.detailsJson().replace("Gate conditions met", "Waved through"),
                        null,
                        previous);
                String forged = hmac("an attacker's guess at the key, 32+ chars", unsigned.canonical());
                jdbc.sql("update sg_audit_event set details_json = :d, hash = :h, previous_hash = :prev"
                                + " where project_id = :p and seq = :seq")
                        .param("d", unsigned.detailsJson())
                        .param("h", forged)
                        .param("prev", previous)
                        .param("p", id)
                        .param("seq", link.seq())
                        .update();
                previous = forged;
            }
            assertThat(historyOf(id).path("items").get(1).path("previousHash").asText())
                    .as("the forged chain is internally consistent")
                    .isEqualTo(historyOf(id).path("items").get(0).path("hash").asText());
            assertBrokenAt(id, 1);
        } finally {
            restore(id, original);
        }
    }

    @Test
    void verificationIsForAuditorsAndThePmoOnly() {
        assertThat(api.get("dev", "/api/v1/audit/verify").status()).isEqualTo(403);
        assertThat(api.get("auditor", "/api/v1/audit/verify").status()).isEqualTo(200);
        Answer pmo = api.get("pmo", "/api/v1/audit/verify");
        assertThat(pmo.status()).isEqualTo(200);
        assertThat(pmo.body().path("projects").asLong()).isPositive();
        assertThat(pmo.body().path("events").asLong())
                .isGreaterThan(pmo.body().path("projects").asLong());
    }

    @Test
    void historyIsPagedAndEachLinkPointsAtItsPredecessor() {
        String id = walkedProject("History paging");
        Answer first = api.get("auditor", "/api/v1/projects/" + id + "/history?page=0&size=5");
        Answer second = api.get("auditor", "/api/v1/projects/" + id + "/history?page=1&size=5");
        assertThat(first.status()).as(first.raw()).isEqualTo(200);
        assertThat(second.status()).as(second.raw()).isEqualTo(200);
        long total = first.body().path("total").asLong();
        assertThat(total).isEqualTo(chain(id).size()).isGreaterThanOrEqualTo(10);
        assertThat(first.body().path("items")).hasSize(5);
        assertThat(first.body().path("page").asInt()).isZero();
        assertThat(second.body().path("page").asInt()).isEqualTo(1);

        JsonNode all = historyOf(id).path("items");
        assertThat(all).hasSize((int) total);
        assertThat(all.get(0).path("seq").asLong()).isEqualTo(1);
        assertThat(all.get(0).path("previousHash").isNull()).isTrue();
        for (int i = 1; i < all.size(); i++) {
            assertThat(all.get(i).path("seq").asLong()).isEqualTo(i + 1);
            assertThat(all.get(i).path("previousHash").asText())
                    .isEqualTo(all.get(i - 1).path("hash").asText());
        }
        assertThat(second.body().path("items").get(0).path("seq").asLong()).isEqualTo(6);
        assertThat(second.body().path("items").get(0).path("previousHash").asText())
                .isEqualTo(first.body().path("items").get(4).path("hash").asText());
        assertThat(api.get("auditor", "/api/v1/projects/" + id + "/history?size=0")
                        .status())
                .isEqualTo(400);
    }

    /** A project through its first gate, so that its chain has a dozen and more links; verified as it stands. */
    private String walkedProject(String prefix) {
        String id = fixtures.create(prefix).path("id").asText();
        walker.pass(id, ProjectFixtures.KPIS_MET);
        assertThat(chain(id)).hasSizeGreaterThanOrEqualTo(10);
        assertThat(entryOf(verify(), id)).as("an untouched chain verifies").isNull();
        return id;
    }

    private void assertBrokenAt(String id, long seq) {
        JsonNode verification = verify();
        assertThat(verification.path("valid").asBoolean()).isFalse();
        JsonNode entry = entryOf(verification, id);
        assertThat(entry).as("%s reported in %s", id, verification).isNotNull();
        assertThat(entry.path("firstBrokenSeq").asLong()).isEqualTo(seq);
    }

    private JsonNode verify() {
        Answer verification = api.get("auditor", "/api/v1/audit/verify");
        assertThat(verification.status()).as(verification.raw()).isEqualTo(200);
        return verification.body();
    }

    private static JsonNode entryOf(JsonNode verification, String id) {
        for (JsonNode broken : verification.path("broken")) {
            if (id.equals(broken.path("projectId").asText())) {
                return broken;
            }
        }
        return null;
    }

    private JsonNode historyOf(String id) {
        Answer history = api.get("auditor", "/api/v1/projects/" + id + "/history?size=200");
        assertThat(history.status()).as(history.raw()).isEqualTo(200);
        return history.body();
    }

    private List<AuditEvent> chain(String id) {
        return events.page(id, 0, 200);
    }

    private void setSeq(String id, long from, long to) {
        jdbc.sql("update sg_audit_event set seq = :to where project_id = :p and seq = :from")
                .param("to", to)
                .param("p", id)
                .param("from", from)
                .update();
    }

    /** Puts the original links back exactly, and proves it: the project drops out of the broken list. */
    private void restore(String id, List<AuditEvent> original) {
        jdbc.sql("delete from sg_audit_event where project_id = :p")
                .param("p", id)
                .update();
        original.forEach(events::insert);
        assertThat(chain(id)).containsExactlyElementsOf(original);
        assertThat(entryOf(verify(), id)).as("%s repaired", id).isNull();
    }

    private static String hmac(String key, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}

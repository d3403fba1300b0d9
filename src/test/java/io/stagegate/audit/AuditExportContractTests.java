package io.stagegate.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.stagegate.Api;
import io.stagegate.Api.Answer;
import io.stagegate.ProjectFixtures;
import io.stagegate.StagegateIntegrationTest;
import io.stagegate.demo.LifecycleWalker;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;

/**
 * The audit file of a project that passed its first gate, as an auditor takes it away: JSON for tools, a printable
 * HTML document in English or Chinese for the file, both carrying the hashes the gate was decided on.
 */
@StagegateIntegrationTest
class AuditExportContractTests {

    @LocalServerPort
    int port;

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
    void exportsHistoryDecisionEvidenceDeliverableHashesKpisAndControlsAsJson() {
        String id = passedFirstGate("Export json");
        Answer export = api.get("auditor", "/api/v1/projects/" + id + "/audit-export");
        assertThat(export.status()).as(export.raw()).isEqualTo(200);
        assertThat(export.headers().getContentType().toString()).startsWith("application/json");
        JsonNode file = export.body();

        assertThat(file.path("project").path("id").asText()).isEqualTo(id);
        assertThat(file.path("exportedBy").asText()).isEqualTo("auditor");
        long total = api.get("auditor", "/api/v1/projects/" + id + "/history?size=200")
                .body()
                .path("total")
                .asLong();
        assertThat(file.path("history")).hasSize((int) total);
        assertThat(file.path("chain").path("valid").asBoolean()).isTrue();
        assertThat(file.path("chain").path("lastSeq").asLong()).isEqualTo(total);
        assertThat(file.path("chain").path("lastHash").asText())
                .isEqualTo(
                        file.path("history").get((int) total - 1).path("hash").asText());

        assertThat(file.path("gateDecisions")).hasSize(1);
        JsonNode decision = file.path("gateDecisions").get(0);
        assertThat(decision.path("phase").asText()).isEqualTo("REQUIREMENTS");
        assertThat(decision.path("decision").asText()).isEqualTo("APPROVE");
        assertThat(decision.path("phaseName").asText()).isEqualTo("Requirements analysis & scenario positioning");
        List<String> evidenceHashes = evidenceHashes(decision);
        assertThat(evidenceHashes).isNotEmpty().allMatch(hash -> hash.matches("[0-9a-f]{64}"));
        List<String> deliverableHashes = new ArrayList<>();
        file.path("deliverables")
                .forEach(d -> deliverableHashes.add(d.path("sha256").asText()));
        assertThat(deliverableHashes).containsAll(evidenceHashes);
        assertThat(decision.path("evidence").path("checks")).isNotEmpty();

        assertThat(file.path("kpiResults")).hasSize(2);
        assertThat(file.path("kpiResults").findValuesAsText("metric"))
                .containsExactlyInAnyOrder("accuracy", "p95LatencyMs");

        assertThat(file.path("controls")).isNotEmpty();
        for (JsonNode control : file.path("controls")) {
            assertThat(control.path("checkKey").asText()).isNotBlank();
            assertThat(control.path("controls")).as("controls of %s", control).isNotEmpty();
        }
        assertThat(file.path("controls").findValuesAsText("checkKey"))
                .containsExactlyInAnyOrderElementsOf(
                        decision.path("evidence").path("checks").findValuesAsText("key"));
    }

    @Test
    void exportsAPrintableEnglishDocument() {
        String id = passedFirstGate("Export <script>alert('x')</script> & co");
        Answer export = api.get("pmo", "/api/v1/projects/" + id + "/audit-export?format=html");
        assertThat(export.status()).as(export.raw()).isEqualTo(200);
        assertThat(export.headers().getContentType().toString()).startsWith("text/html");
        String html = export.raw();
        assertThat(html).startsWith("<!DOCTYPE html>").contains("<html lang=\"en\">", "Audit file", "Gate decisions");
        assertThat(html).contains("Requirements analysis &amp; scenario positioning");
        assertThat(html)
                .contains("Export &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; co")
                .doesNotContain("<script")
                .doesNotContain("<link")
                .doesNotContain("src=");
        JsonNode decision = exportJson(id).path("gateDecisions").get(0);
        assertThat(evidenceHashes(decision)).isNotEmpty().allSatisfy(hash -> assertThat(html)
                .contains(hash));
    }

    @Test
    void exportsAChineseDocumentForAChineseBrowser() {
        String id = passedFirstGate("Export zh");
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.ACCEPT, "text/html,application/xhtml+xml,*/*;q=0.8");
        headers.set(HttpHeaders.ACCEPT_LANGUAGE, "zh-CN");
        Answer export = api.call(HttpMethod.GET, "auditor", "/api/v1/projects/" + id + "/audit-export", null, headers);
        assertThat(export.status()).as(export.raw()).isEqualTo(200);
        assertThat(export.headers().getContentType().toString()).startsWith("text/html");
        String html = export.raw();
        assertThat(html).contains("<html lang=\"zh-CN\">", "审计档案", "关口决策", "需求分析与场景定位");
        assertThat(html).doesNotContain("Requirements analysis");
        JsonNode decision = exportJson(id).path("gateDecisions").get(0);
        assertThat(evidenceHashes(decision)).isNotEmpty().allSatisfy(hash -> assertThat(html)
                .contains(hash));
    }

    @Test
    void theAuditFileIsForAuditorsAndThePmo() {
        String id = fixtures.create("Export roles").path("id").asText();
        assertThat(api.get("dev", "/api/v1/projects/" + id + "/audit-export").status())
                .isEqualTo(403);
        assertThat(api.get("biz", "/api/v1/projects/" + id + "/audit-export").status())
                .isEqualTo(403);
        assertThat(api.get(null, "/api/v1/projects/" + id + "/audit-export").status())
                .isEqualTo(401);
        assertThat(api.get("auditor", "/api/v1/projects/no-such-project/audit-export")
                        .status())
                .isEqualTo(404);
        assertThat(api.get("auditor", "/api/v1/projects/" + id + "/audit-export?format=pdf")
                        .status())
                .isEqualTo(400);
    }

    private String passedFirstGate(String name) {
        String id = fixtures.create("pmo", ProjectFixtures.projectRequest(name))
                .path("id")
                .asText();
        walker.pass(id, ProjectFixtures.KPIS_MET);
        return id;
    }

    private JsonNode exportJson(String id) {
        Answer export = api.get("auditor", "/api/v1/projects/" + id + "/audit-export");
        assertThat(export.status()).as(export.raw()).isEqualTo(200);
        return export.body();
    }

    private static List<String> evidenceHashes(JsonNode decision) {
        List<String> hashes = new ArrayList<>();
        decision.path("evidence")
                .path("deliverables")
                .forEach(d -> hashes.add(d.path("sha256").asText()));
        return hashes;
    }
}

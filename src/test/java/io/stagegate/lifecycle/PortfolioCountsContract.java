package io.stagegate.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.stagegate.Api;
import io.stagegate.ProjectFixtures;
import io.stagegate.lifecycle.ProjectProfile.Industry;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The filtered list's {@code total} comes from the portfolio counts kept beside the projects
 * ({@code sg_project_count}); these tests hold it to what counting the projects themselves gives, for every
 * combination of the list's filters, after creations, gate approvals, a cancellation and concurrent creations. Run on
 * H2 ({@link PortfolioCountsTests}) and on PostgreSQL ({@link PostgresPortfolioCountsTests}).
 */
abstract class PortfolioCountsContract {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PortfolioCounts counts;

    private Api api;
    ProjectFixtures fixtures;

    @BeforeEach
    void connect() {
        api = new Api(port);
        fixtures = new ProjectFixtures(api);
    }

    @Test
    void everyFilteredTotalIsTheNumberOfMatchingProjects() {
        String finance = create("Counts finance", Industry.FINANCE);
        create("Counts government", Industry.GOVERNMENT);
        String passed = fixtures.create("Counts passed").path("id").asText();
        fixtures.passCurrentPhase(passed);
        fixtures.passCurrentPhase(passed);
        fixtures.bringTo(finance, "REQUIREMENTS", "AWAITING_GATE");
        assertThat(fixtures.decide("pmo", finance, "REQUIREMENTS", "CANCEL").status())
                .isEqualTo(200);

        List<String> statuses = withAny(ProjectStatus.values());
        List<String> phases = withAny(Phase.values());
        List<String> industries = withAny(Industry.values());
        int compared = 0;
        for (String status : statuses) {
            for (String phase : phases) {
                for (String industry : industries) {
                    assertThat(listedTotal(status, phase, industry))
                            .as("total for status=%s phase=%s industry=%s", status, phase, industry)
                            .isEqualTo(counted(status, phase, industry));
                    compared++;
                }
            }
        }
        assertThat(compared).isEqualTo(statuses.size() * phases.size() * industries.size());
        assertThat(listedTotal("CANCELLED", null, "FINANCE")).isPositive();
        assertThat(listedTotal("ACTIVE", "DATA", "RETAIL")).isPositive();
    }

    @Test
    void concurrentCreationsInOneCombinationAreAllCounted() throws Exception {
        long before = listedTotal("ACTIVE", "REQUIREMENTS", "HEALTHCARE");
        int threads = 8;
        int each = 4;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Callable<Integer>> creators = new ArrayList<>();
            for (int t = 0; t < threads * each; t++) {
                Map<String, Object> request = ProjectFixtures.projectRequest(ProjectFixtures.uniqueName("Counts race"));
                request.put("industry", "HEALTHCARE");
                creators.add(() -> api.post("pmo", "/api/v1/projects", request).status());
            }
            for (Future<Integer> created : pool.invokeAll(creators)) {
                assertThat(created.get()).isEqualTo(201);
            }
        } finally {
            pool.shutdown();
        }
        assertThat(listedTotal("ACTIVE", "REQUIREMENTS", "HEALTHCARE")).isEqualTo(before + threads * each);
        assertThat(listedTotal("ACTIVE", "REQUIREMENTS", "HEALTHCARE"))
                .isEqualTo(counted("ACTIVE", "REQUIREMENTS", "HEALTHCARE"));
        assertThat(jdbc.sql("select count(*) from sg_project_count where projects < 0")
                        .query(Long.class)
                        .single())
                .isZero();
    }

    @Test
    void aCountRowRemovedSinceTheStartIsCreatedAgainWhenFirstCounted() {
        // the start creates every row; one removed since (by hand, by a restore) must not lose the next count
        PortfolioCounts.Cell cell = new PortfolioCounts.Cell("RETIRED", "MODEL", "GOVERNMENT");
        String projectId = "portfolio-counts-missing-row";
        int slot = PortfolioCounts.slot(projectId);
        long before = countIn(cell, slot).get(0);
        try {
            jdbc.sql("delete from sg_project_count where status = :status and current_phase = :phase"
                            + " and industry = :industry and slot = :slot")
                    .params(cellParams(cell, slot))
                    .update();
            assertThat(countIn(cell, slot)).isEmpty();

            counts.added(projectId, cell);

            assertThat(countIn(cell, slot)).containsExactly(1L);
        } finally {
            jdbc.sql("update sg_project_count set projects = :before where status = :status"
                            + " and current_phase = :phase and industry = :industry and slot = :slot")
                    .params(cellParams(cell, slot))
                    .param("before", before)
                    .update();
        }
        assertThat(countIn(cell, slot)).containsExactly(before);
    }

    private List<Long> countIn(PortfolioCounts.Cell cell, int slot) {
        return jdbc.sql("select projects from sg_project_count where status = :status and current_phase = :phase"
                        + " and industry = :industry and slot = :slot")
                .params(cellParams(cell, slot))
                .query(Long.class)
                .list();
    }

    private static Map<String, Object> cellParams(PortfolioCounts.Cell cell, int slot) {
        return Map.of("status", cell.status(), "phase", cell.phase(), "industry", cell.industry(), "slot", slot);
    }

    private String create(String prefix, Industry industry) {
        Map<String, Object> request = ProjectFixtures.projectRequest(ProjectFixtures.uniqueName(prefix));
        request.put("industry", industry.name());
        return fixtures.create("pmo", request).path("id").asText();
    }

    long listedTotal(String status, String phase, String industry) {
        StringBuilder path = new StringBuilder("/api/v1/projects?size=1");
        if (status != null) {
            path.append("&status=").append(status);
        }
        if (phase != null) {
            path.append("&phase=").append(phase);
        }
        if (industry != null) {
            path.append("&industry=").append(industry);
        }
        Api.Answer listed = api.get("auditor", path.toString());
        assertThat(listed.status()).as(listed.raw()).isEqualTo(200);
        return listed.body().path("total").asLong();
    }

    long counted(String status, String phase, String industry) {
        return jdbc.sql("select count(*) from sg_project where coalesce(:status, status) = status"
                        + " and coalesce(:phase, current_phase, '-') = coalesce(current_phase, '-')"
                        + " and coalesce(:industry, industry) = industry")
                .param("status", status, Types.VARCHAR)
                .param("phase", phase, Types.VARCHAR)
                .param("industry", industry, Types.VARCHAR)
                .query(Long.class)
                .single();
    }

    private static List<String> withAny(Enum<?>[] values) {
        List<String> names = new ArrayList<>();
        names.add(null);
        Arrays.stream(values).map(Enum::name).forEach(names::add);
        return names;
    }
}

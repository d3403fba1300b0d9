package io.stagegate.gate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.stagegate.Api;
import io.stagegate.Api.Answer;
import io.stagegate.ProjectFixtures;
import io.stagegate.StagegateIntegrationTest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;

/**
 * Concurrent actions on the same gate over real HTTP: exactly one wins with 200, every other gets a 409 problem
 * detail, never a 500, and the project ends in the state the winner chose. The demo has one member per sign-off
 * group, so concurrent submissions by {@code dev} and {@code lead} stand in for concurrent sign-offs of one function.
 * {@code -Dstagegate.soak=true} repeats each race many more times.
 */
@StagegateIntegrationTest
class ConcurrentDecisionTests {

    private static final boolean SOAK = Boolean.getBoolean("stagegate.soak");
    private static final int PAIR_ROUNDS = SOAK ? 100 : 8;
    private static final int CROWD_ROUNDS = SOAK ? 50 : 6;
    private static final int SUBMIT_ROUNDS = SOAK ? 100 : 6;
    private static final List<String> DECIDERS = List.of("pmo", "pmo2", "lead");

    @LocalServerPort
    int port;

    private Api api;
    private ProjectFixtures fixtures;
    private ExecutorService threads;

    @BeforeEach
    void connect() {
        api = new Api(port);
        fixtures = new ProjectFixtures(api);
        threads = Executors.newFixedThreadPool(8);
    }

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    @Test
    void letsExactlyOneOfTwoConcurrentGateDecisionsWin() throws Exception {
        for (int round = 0; round < PAIR_ROUNDS; round++) {
            String id = gateAwaitingDecision("Pair race " + round);

            List<Answer> answers =
                    race(2, i -> () -> fixtures.decide(i == 0 ? "pmo" : "pmo2", id, "REQUIREMENTS", "APPROVE"));

            assertOneWinner(answers);
            JsonNode view = fixtures.view(id);
            assertThat(view.path("currentPhase").asText()).isEqualTo("ARCHITECTURE");
            assertThat(view.path("phaseState").asText()).isEqualTo("IN_PREPARATION");
            assertThat(view.path("phases").get(0).path("state").asText()).isEqualTo("PASSED");
            assertThat(view.path("phases").get(0).path("iterations").asInt()).isEqualTo(1);
            assertThat(view.path("openTasks").findValuesAsText("key")).containsExactly("prepare-phase");
        }
    }

    @Test
    void letsExactlyOneOfEightConcurrentGateDecisionsWin() throws Exception {
        for (int round = 0; round < CROWD_ROUNDS; round++) {
            String id = gateAwaitingDecision("Crowd race " + round);

            List<Answer> answers = race(
                    8,
                    i -> () -> fixtures.decide(
                            DECIDERS.get(i % DECIDERS.size()), id, "REQUIREMENTS", i % 2 == 0 ? "APPROVE" : "REJECT"));

            Answer winner = assertOneWinner(answers);
            JsonNode view = fixtures.view(id);
            if (winner.body().path("currentPhase").asText().equals("ARCHITECTURE")) {
                assertThat(view.path("currentPhase").asText()).isEqualTo("ARCHITECTURE");
                assertThat(view.path("phases").get(0).path("state").asText()).isEqualTo("PASSED");
            } else {
                assertThat(view.path("currentPhase").asText()).isEqualTo("REQUIREMENTS");
                assertThat(view.path("iteration").asInt())
                        .as("one rejection, one new iteration")
                        .isEqualTo(2);
            }
            assertThat(view.path("phaseState").asText()).isEqualTo("IN_PREPARATION");
            assertThat(view.path("openTasks").findValuesAsText("key")).containsExactly("prepare-phase");
        }
    }

    @Test
    void letsExactlyOneOfTwoConcurrentSubmissionsWin() throws Exception {
        for (int round = 0; round < SUBMIT_ROUNDS; round++) {
            String id = fixtures.create("Submit race " + round).path("id").asText();
            fixtures.prepare(id, null);

            List<Answer> answers = race(
                    2,
                    i -> () -> api.post(
                            i == 0 ? "dev" : "lead", "/api/v1/projects/" + id + "/phases/REQUIREMENTS/submit", null));

            assertOneWinner(answers);
            JsonNode view = fixtures.view(id);
            assertThat(view.path("phaseState").asText()).isEqualTo("AWAITING_SIGNOFF");
            assertThat(view.path("openTasks").findValuesAsText("key"))
                    .as("one sign-off task per function, not one per submission")
                    .containsExactly("sign-off");
        }
    }

    private String gateAwaitingDecision(String name) {
        String id = fixtures.create(name).path("id").asText();
        fixtures.bringTo(id, "REQUIREMENTS", "AWAITING_GATE");
        return id;
    }

    /** Runs {@code count} calls released at the same moment; returns their answers. */
    private List<Answer> race(int count, IntFunction<Callable<Answer>> call) throws Exception {
        CountDownLatch ready = new CountDownLatch(count);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Answer>> futures = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Callable<Answer> action = call.apply(i);
            futures.add(threads.submit(() -> {
                ready.countDown();
                go.await();
                return action.call();
            }));
        }
        assertThat(ready.await(10, TimeUnit.SECONDS)).isTrue();
        go.countDown();
        List<Answer> answers = new ArrayList<>();
        for (Future<Answer> future : futures) {
            answers.add(future.get(30, TimeUnit.SECONDS));
        }
        return answers;
    }

    private static Answer assertOneWinner(List<Answer> answers) {
        assertThat(answers)
                .as(
                        "statuses %s",
                        answers.stream().map(a -> a.status() + " " + a.raw()).toList())
                .extracting(Answer::status)
                .containsOnly(200, 409)
                .containsOnlyOnce(200);
        for (Answer loser : answers.stream().filter(a -> a.status() == 409).toList()) {
            MediaType type = loser.headers().getContentType();
            assertThat(type).isNotNull();
            assertThat(type.getType() + "/" + type.getSubtype()).isEqualTo("application/problem+json");
            assertThat(loser.body().path("status").asInt()).isEqualTo(409);
            assertThat(loser.body().path("title").asText()).isNotBlank();
            assertThat(loser.body().path("detail").asText()).isNotBlank();
        }
        return answers.stream().filter(a -> a.status() == 200).findFirst().orElseThrow();
    }
}

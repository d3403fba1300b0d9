package io.stagegate.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * The job executor's thread pool as the Camunda starter builds it: left alone, shutting it down interrupts a
 * running job; post-processed, shutdown waits for the job to finish (within the configured grace).
 */
class JobExecutorShutdownTests {

    @Test
    void aRunningJobFinishesWhenThePoolShutsDown() throws Exception {
        assertThat(runJobAndShutDown(true)).as("job finished").isTrue();
    }

    @Test
    void withoutItARunningJobIsInterrupted() throws Exception {
        assertThat(runJobAndShutDown(false)).as("job finished").isFalse();
    }

    @Test
    void onlyTheCamundaPoolIsChanged() throws Exception {
        ThreadPoolTaskExecutor other = new ThreadPoolTaskExecutor();
        postProcessor().postProcessBeforeInitialization(other, "applicationTaskExecutor");
        other.initialize();
        CountDownLatch started = new CountDownLatch(1);
        AtomicBoolean finished = new AtomicBoolean();
        other.execute(() -> sleepAfter(started, finished));
        started.await(5, TimeUnit.SECONDS);
        other.shutdown();
        assertThat(finished).as("another pool keeps Spring's default").isFalse();
    }

    private static boolean runJobAndShutDown(boolean postProcessed) throws Exception {
        ThreadPoolTaskExecutor pool = new ThreadPoolTaskExecutor();
        if (postProcessed) {
            postProcessor().postProcessBeforeInitialization(pool, JobExecutorShutdown.CAMUNDA_TASK_EXECUTOR);
        }
        pool.initialize();
        CountDownLatch started = new CountDownLatch(1);
        AtomicBoolean finished = new AtomicBoolean();
        pool.execute(() -> sleepAfter(started, finished));
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
        pool.shutdown();
        return finished.get();
    }

    private static BeanPostProcessor postProcessor() {
        return JobExecutorShutdown.jobExecutorWaitsForRunningJobs(
                new MockEnvironment().withProperty("stagegate.observability.job-shutdown-grace", "5s"));
    }

    private static void sleepAfter(CountDownLatch started, AtomicBoolean finished) {
        started.countDown();
        try {
            Thread.sleep(300);
            finished.set(true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package io.stagegate.observability;

import java.time.Duration;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * Lets the jobs that Camunda's job executor is running finish when the application shuts down. The starter runs
 * jobs on a {@link ThreadPoolTaskExecutor} named {@value #CAMUNDA_TASK_EXECUTOR}; left as configured, Spring
 * interrupts its threads as soon as the context closes ({@code shutdownNow}), cutting a timer or asynchronous step
 * short in the middle of its transaction, which then rolls back and is retried by another pod only after its lock
 * expires. Waiting up to {@code stagegate.observability.job-shutdown-grace} (within the pod's termination grace
 * period) lets them commit instead. Requests in flight are covered by {@code server.shutdown: graceful}.
 */
@Configuration(proxyBeanMethods = false)
class JobExecutorShutdown {

    static final String CAMUNDA_TASK_EXECUTOR = "camundaTaskExecutor";

    @Bean
    static BeanPostProcessor jobExecutorWaitsForRunningJobs(Environment environment) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessBeforeInitialization(Object bean, String beanName) throws BeansException {
                if (bean instanceof ThreadPoolTaskExecutor executor && CAMUNDA_TASK_EXECUTOR.equals(beanName)) {
                    Duration grace = Binder.get(environment)
                            .bind("stagegate.observability.job-shutdown-grace", Duration.class)
                            .orElse(Duration.ofSeconds(30));
                    executor.setWaitForTasksToCompleteOnShutdown(true);
                    executor.setAwaitTerminationMillis(grace.toMillis());
                }
                return bean;
            }
        };
    }
}

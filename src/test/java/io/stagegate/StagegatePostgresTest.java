package io.stagegate;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;

/**
 * The shared context of the PostgreSQL tests: the whole application with the {@code postgres} profile on a real
 * PostgreSQL server, demo users on. Like {@link StagegateIntegrationTest}, use it unchanged so the context is shared.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(classes = StagegateApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"test", "postgres"})
@ContextConfiguration(initializers = PostgresDatabase.Initializer.class)
public @interface StagegatePostgresTest {}

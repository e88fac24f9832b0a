package io.kotanihub.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;

/**
 * Runs a Spring test class against a fresh PostgreSQL database of its own (profile {@code postgres}).
 * Where PostgreSQL cannot be reached the class is skipped with a clear message, except under {@code CI=true},
 * where a missing database fails the run.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(PostgresAvailable.class)
@ActiveProfiles("postgres")
@ContextConfiguration(initializers = PostgresDatabaseInitializer.class)
public @interface PostgresTest {
}

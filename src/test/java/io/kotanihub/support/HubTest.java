package io.kotanihub.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;

/**
 * The shared Spring test context of the hub on H2: the whole hub (every route, the REST API on a random port) with
 * the embedded sandbox on a random port, the default timings and one in-memory H2 database, {@code hub}.
 * <p>
 * Every class annotated with exactly this (and nothing that changes the context: no {@code properties}, no
 * {@code @TestPropertySource}, no {@code @DynamicPropertySource}, no {@code @MockitoBean}, no
 * {@code @DirtiesContext}) runs in the same context, started once for all of them (about 15 s saved per class);
 * {@link SpringContextOrder} runs them one after the other. Add {@link PostgresTest} for the same context on
 * PostgreSQL. Tests in it share the database and the sandbox: give every payment a reference of its own (a random
 * suffix) and assert on your own rows, never on table counts.
 * <p>
 * A test that needs other settings declares its own {@code @SpringBootTest(properties = ...)}, and so its own
 * context: reuse an existing property set where one fits (every distinct context costs about 15 s of suite time).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "hub.sandbox.port=0",
        "spring.datasource.url=jdbc:h2:mem:hub;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1"})
public @interface HubTest {
}

package io.kotanihub.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;

/**
 * The shared Spring test context of the ledger alone: the hub's beans and database (Flyway, repositories, intake)
 * without the sandbox, without any route and without a web server, on one in-memory H2 database, {@code ledger}
 * (add {@link PostgresTest} for the same on PostgreSQL). Nothing runs in the background: rows a test writes stay as
 * it wrote them. Every class annotated with exactly this shares one context; use references and ids of your own.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE, properties = {
        "hub.sandbox.enabled=false",
        "camel.main.routes-include-pattern=classpath:no-routes/*.yaml",
        "hub.dispatch.intake-batch-size=100",
        "spring.datasource.url=jdbc:h2:mem:ledger;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1"})
public @interface HubLedgerTest {
}

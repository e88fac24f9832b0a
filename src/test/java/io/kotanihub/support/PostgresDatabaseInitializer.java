package io.kotanihub.support;

import java.util.Map;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/** Gives each Spring test context of a {@link PostgresTest} class its own fresh PostgreSQL database. */
public class PostgresDatabaseInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        String url = PostgresServer.createDatabase();
        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("postgres-test-database", Map.of(
                "HUB_DB_URL", url,
                "HUB_DB_USER", PostgresServer.USER,
                "HUB_DB_PASSWORD", PostgresServer.PASSWORD,
                "spring.datasource.url", url,
                "spring.datasource.username", PostgresServer.USER,
                "spring.datasource.password", PostgresServer.PASSWORD)));
    }
}

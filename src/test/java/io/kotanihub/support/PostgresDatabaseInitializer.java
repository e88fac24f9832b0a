package io.kotanihub.support;

import java.util.HashMap;
import java.util.Map;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/** Gives each Spring test context of a {@link PostgresTest} class its own fresh PostgreSQL database. */
public class PostgresDatabaseInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        String url = PostgresServer.createDatabase();
        Map<String, Object> settings = new HashMap<>(Map.of(
                "HUB_DB_URL", url,
                "HUB_DB_USER", PostgresServer.USER,
                "HUB_DB_PASSWORD", PostgresServer.PASSWORD,
                "spring.datasource.url", url,
                "spring.datasource.username", PostgresServer.USER,
                "spring.datasource.password", PostgresServer.PASSWORD));
        // cached test contexts keep their pools open: keep each small so that all of them fit in the server's
        // connection limit (100 by default)
        if (!context.getEnvironment().containsProperty("spring.datasource.hikari.maximum-pool-size")) {
            settings.put("spring.datasource.hikari.maximum-pool-size", 5);
        }
        if (!context.getEnvironment().containsProperty("spring.datasource.hikari.minimum-idle")) {
            settings.put("spring.datasource.hikari.minimum-idle", 1);
        }
        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("postgres-test-database", settings));
    }
}

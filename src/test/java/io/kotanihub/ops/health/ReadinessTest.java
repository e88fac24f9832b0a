package io.kotanihub.ops.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.SQLException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.h2.tools.Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Readiness and liveness over real HTTP, with the ledger in a real database server that the test stops and starts
 * again (an H2 TCP server on a free port, file database): readiness is UP once the hub has started (Camel's consumer checks, DOWN
 * until a file consumer's first poll, are not part of it), goes DOWN with the database and comes back UP when the
 * database returns; liveness stays UP throughout.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "hub.sandbox.port=0",
        "hub.health.kotani-probe-interval=500ms",
        "hub.files.inbox=target/readiness/inbox",
        "hub.files.outbox=target/readiness/outbox",
        "hub.files.archive=target/readiness/archive",
        "hub.files.error=target/readiness/error",
        "spring.datasource.hikari.maximum-pool-size=4",
        "spring.datasource.hikari.connection-timeout=1000",
        "spring.datasource.hikari.validation-timeout=500"})
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class ReadinessTest {

    private static final int DB_PORT = freePort();
    private static final String DB_NAME = "readiness-" + UUID.randomUUID().toString().substring(0, 8);
    private static Server database = startDatabase();

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void datasource(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:h2:tcp://127.0.0.1:" + DB_PORT + "/" + DB_NAME + ";"
                + "MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Server startDatabase() {
        try {
            return Server.createTcpServer("-tcpPort", String.valueOf(DB_PORT), "-ifNotExists",
                    "-baseDir", Path.of("target", "readiness-db").toAbsolutePath().toString()).start();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    static void stopDatabase() {
        database.stop();
    }

    private record Probe(int status, JsonNode body) { }

    private Probe probe(String group) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                + "/actuator/health/" + group)).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
        return new Probe(response.statusCode(), json.readTree(response.body()));
    }

    @Test
    void readinessFollowsTheDatabaseAndKotaniAndLeavesCamelConsumersOut() throws Exception {
        Probe ready = probe("readiness");
        assertThat(ready.status()).as(ready.body().toString()).isEqualTo(200);
        assertThat(ready.body().path("status").asText()).isEqualTo("UP");
        assertThat(ready.body().path("components").fieldNames()).toIterable()
                .containsExactlyInAnyOrder("readinessState", "db", "kotani", "kafka");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(probe("readiness").body().at("/components/kotani/status").asText()).isEqualTo("UP"));

        database.stop();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            Probe down = probe("readiness");
            assertThat(down.status()).as(down.body().toString()).isEqualTo(503);
            assertThat(down.body().at("/components/db/status").asText()).isEqualTo("DOWN");
        });
        Probe alive = probe("liveness");
        assertThat(alive.status()).as("liveness does not depend on the database").isEqualTo(200);

        database = startDatabase();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            Probe up = probe("readiness");
            assertThat(up.status()).as(up.body().toString()).isEqualTo(200);
            assertThat(up.body().at("/components/db/status").asText()).isEqualTo("UP");
        });
        assertThat(probe("liveness").status()).isEqualTo(200);
    }
}

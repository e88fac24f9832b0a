package io.kotanihub;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import io.kotanihub.sandbox.SandboxServer;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/** {@code --spring.profiles.active=sandbox} serves only the sandbox: no hub, no Camel, no database. */
class StandaloneSandboxTest {

    @Test
    void theSandboxProfileServesOnlyTheSandbox() throws Exception {
        try (ConfigurableApplicationContext context = KotaniHubApplication.start(
                "--spring.profiles.active=sandbox", "--hub.sandbox.port=0")) {
            assertThat(context.getBeanNamesForType(CamelContext.class)).isEmpty();
            assertThat(context.getBeanNamesForType(javax.sql.DataSource.class)).isEmpty();
            int port = SandboxServer.port(context);
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + port + "/health")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).startsWith("{\"status\":\"ok\"");
            HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + port + "/api/v3/wallet/fiat")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(anonymous.statusCode()).isEqualTo(401);
            assertThat(anonymous.body()).contains("\"success\":false").contains("\"error_code\":401");
        }
    }
}

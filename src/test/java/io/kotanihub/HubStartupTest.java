package io.kotanihub;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.apache.camel.CamelContext;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import io.kotanihub.support.HubTest;

/** The hub starts on its embedded default: routes loaded from routes/, the sandbox on its own port. */
@ExtendWith(OutputCaptureExtension.class)
@HubTest
class HubStartupTest {

    @Autowired
    CamelContext camel;

    @Value("${hub.kotani.base-url}")
    String kotaniBaseUrl;

    @Value("${hub.sandbox.port}")
    int sandboxPort;

    @Test
    void everyLogLineGoesThroughTheMaskingLayer(CapturedOutput output) {
        LoggerFactory.getLogger(HubStartupTest.class).info("paying +254700000001 with key sk_sandbox_local");
        assertThat(output.getOut()).contains("paying +*********001 with key sk_****")
                .doesNotContain("254700000001").doesNotContain("sk_sandbox_local");
    }

    @Test
    void routesAreLoadedFromTheRoutesFolderAndTheSandboxAnswersOverHttp() throws Exception {
        assertThat(camel.getRoute("kotani-reachability")).isNotNull();
        assertThat(sandboxPort).isPositive();
        assertThat(kotaniBaseUrl).isEqualTo("http://localhost:" + sandboxPort);
        HttpResponse<String> health = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(kotaniBaseUrl + "/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"ok\"");
    }
}

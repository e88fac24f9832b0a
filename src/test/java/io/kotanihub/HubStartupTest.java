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
import org.springframework.boot.test.web.server.LocalServerPort;
import io.kotanihub.sandbox.webhooks.WebhookSigner;
import org.apache.camel.Exchange;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
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

    @LocalServerPort
    int hubPort;

    /** The Kotani Kamelets work in the hub too: a user's YAML route calls an action and serves the webhook source. */
    @Test
    void theKotaniKameletsRunInTheHub() throws Exception {
        PluginHelper.getRoutesLoader(camel).loadRoutes(ResourceHelper.fromString("kamelets-in-hub.camel.yaml", """
                - route:
                    id: kamelet-status-in-hub
                    from:
                      uri: direct:kamelet-status-in-hub
                      steps:
                        - to: "kamelet:kotani-withdrawal-status-action?baseUrl={{hub.kotani.base-url}}&apiKey=sk_sandbox_local"
                - route:
                    id: kamelet-webhooks-in-hub
                    from:
                      uri: "kamelet:kotani-webhook-source?path=/kamelet-test/webhooks&webhookSecret=whsec_hub_kamelet"
                      steps:
                        - to: mock:kamelet-webhooks-in-hub
                """));
        Exchange status = camel.createProducerTemplate().request("direct:kamelet-status-in-hub",
                e -> e.getMessage().setBody("no-such-reference"));
        assertThat(status.getMessage().getHeader("kotaniOutcome")).isEqualTo("REJECTED");
        assertThat(status.getMessage().getHeader("kotaniStatusCode", Integer.class)).isEqualTo(404);

        String body = "{\"event\":\"transaction.withdrawal.status.updated\",\"data\":{\"referenceId\":\"p-1\"}}";
        String signature = WebhookSigner.signature("whsec_hub_kamelet", body);
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> verified = http.send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + hubPort + "/kamelet-test/webhooks"))
                .header("Content-Type", "application/json").header("X-Kotani-Signature", signature)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(verified.statusCode()).isEqualTo(200);
        HttpResponse<String> forged = http.send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + hubPort + "/kamelet-test/webhooks"))
                .header("Content-Type", "application/json").header("X-Kotani-Signature", signature)
                .POST(HttpRequest.BodyPublishers.ofString(body.replace("p-1", "p-2"))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(forged.statusCode()).isEqualTo(401);
        assertThat(camel.getEndpoint("mock:kamelet-webhooks-in-hub",
                MockEndpoint.class).getReceivedCounter()).isEqualTo(1);
    }
}

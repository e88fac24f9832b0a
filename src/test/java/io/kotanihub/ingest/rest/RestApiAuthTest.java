package io.kotanihub.ingest.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kotanihub.rest.ApiKeyAuthenticator;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import io.kotanihub.support.HubTest;

/** Bearer-key authentication and problem+json answers of the REST API, over real HTTP. */
@HubTest
class RestApiAuthTest {

    @LocalServerPort
    int port;

    final HttpClient http = HttpClient.newHttpClient();
    final ObjectMapper json = new ObjectMapper();

    HttpResponse<String> get(String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1" + path));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void withoutAKeyEveryCallIsRefusedAsAProblem() throws Exception {
        HttpResponse<String> response = get("/openapi.json", null);
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = json.readTree(response.body());
        assertThat(problem.get("status").asInt()).isEqualTo(401);
        assertThat(problem.get("title").asText()).isEqualTo("Unauthorized");
    }

    @Test
    void aWrongKeyIsRefused() throws Exception {
        assertThat(get("/openapi.json", "Bearer not-a-key").statusCode()).isEqualTo(401);
        assertThat(get("/openapi.json", "Basic aHViX2Rldl9rZXk6").statusCode()).isEqualTo(401);
    }

    @Test
    void theDevelopmentKeyReadsTheOpenApiDocumentWhichListsEveryPath() throws Exception {
        HttpResponse<String> response = get("/openapi.json", "Bearer hub_dev_key");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode doc = json.readTree(response.body());
        assertThat(doc.get("openapi").asText()).startsWith("3.");
        assertThat(doc.get("paths").fieldNames()).toIterable().contains(
                "/payments", "/payments/{reference}", "/batches", "/batches/{id}", "/deliveries",
                "/deliveries/{id}/replay", "/openapi.json");
    }

    @Test
    void keysAreComparedByTheirHash() {
        assertThat(ApiKeyAuthenticator.hashOf("hub_dev_key"))
                .isEqualTo("15c9e768726a507c1e764cb18912c811d55d4cdf117c3da640554c0b083fbb0b");
    }
}

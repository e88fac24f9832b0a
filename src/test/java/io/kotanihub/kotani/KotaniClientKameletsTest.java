package io.kotanihub.kotani;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.Endpoint;
import org.junit.jupiter.api.Test;

/**
 * {@link KotaniClient} built directly (no Spring): its calls go through the Kamelets on camel-http, a refused
 * connection is NOT_SENT, an answer that never comes is UNKNOWN after the request timeout and is sent once (no
 * automatic retry), a malformed path is not sent, and the key is in no endpoint URI of its Camel context.
 */
class KotaniClientKameletsTest {

    static KotaniProperties properties(String baseUrl) {
        KotaniProperties properties = new KotaniProperties();
        properties.setBaseUrl(baseUrl);
        properties.setApiKey("sk_never_in_a_uri");
        properties.setConnectTimeout(Duration.ofMillis(500));
        properties.setRequestTimeout(Duration.ofMillis(700));
        return properties;
    }

    @Test
    void aRefusedConnectionIsNotSent() {
        KotaniClient client = new KotaniClient(properties("http://127.0.0.1:1"));
        try {
            KotaniResponse response = client.createCustomer("+254700000001", "KE", null, null);
            assertThat(response.outcome()).isEqualTo(KotaniResponse.Outcome.NOT_SENT);
            assertThat(response.httpStatus()).isZero();
        } finally {
            client.close();
        }
    }

    @Test
    void anAnswerThatNeverComesIsUnknownAndTheRequestWentOnce() throws Exception {
        AtomicInteger requests = new AtomicInteger();
        List<Socket> held = new CopyOnWriteArrayList<>();
        try (ServerSocket silent = new ServerSocket(0)) {
            Thread server = new Thread(() -> {
                while (!silent.isClosed()) {
                    try {
                        Socket socket = silent.accept();
                        held.add(socket);
                        InputStream in = socket.getInputStream();
                        byte[] buffer = new byte[8192];
                        int read = in.read(buffer);
                        if (read > 0 && new String(buffer, 0, read, StandardCharsets.ISO_8859_1).contains("HTTP/1.1")) {
                            requests.incrementAndGet();
                        }
                    } catch (Exception closed) {
                        return;
                    }
                }
            });
            server.setDaemon(true);
            server.start();
            KotaniClient client = new KotaniClient(properties("http://127.0.0.1:" + silent.getLocalPort()));
            try {
                long started = System.nanoTime();
                KotaniResponse created = client.createCustomer("+254700000001", "KE", null, null);
                assertThat(created.outcome()).isEqualTo(KotaniResponse.Outcome.UNKNOWN);
                assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofMillis(600),
                        Duration.ofSeconds(10));
                KotaniResponse wallets = client.fiatWallets();
                assertThat(wallets.outcome()).isEqualTo(KotaniResponse.Outcome.UNKNOWN);
                Thread.sleep(300);
                assertThat(requests.get()).isEqualTo(2);
            } finally {
                client.close();
                for (Socket socket : held) {
                    socket.close();
                }
            }
        }
    }

    @Test
    void aPathOfAnotherEndpointIsNotSentAndTheKeyIsInNoEndpointUri() {
        KotaniClient client = new KotaniClient(properties("http://127.0.0.1:1"));
        try {
            assertThat(client.exchange(KotaniEndpoint.WITHDRAW_STATUS, "/api/v3/elsewhere/x", null, true, Map.of(), "x")
                    .outcome()).isEqualTo(KotaniResponse.Outcome.NOT_SENT);
            assertThat(client.exchange(KotaniEndpoint.BRIDGE_SETTLEMENT_REPORT,
                    KotaniEndpoint.BRIDGE_SETTLEMENT_REPORT.path(), "{}", true, Map.of(), "x").outcome())
                    .isEqualTo(KotaniResponse.Outcome.NOT_SENT);
            client.fiatWallets();
            client.withdrawalStatus(io.kotanihub.model.PaymentMethod.MOBILE_MONEY, "ref-1");
            assertThat(client.kameletContext().getEndpoints()).isNotEmpty();
            for (Endpoint endpoint : client.kameletContext().getEndpoints()) {
                assertThat(endpoint.getEndpointUri()).doesNotContain("sk_never_in_a_uri");
                assertThat(endpoint.toString()).doesNotContain("sk_never_in_a_uri");
            }
        } finally {
            client.close();
        }
    }
}

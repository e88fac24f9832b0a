package io.kotanihub.invoices;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/**
 * The example INVOICE commands ({@code examples/invoices}, for {@code POST /api/v1/invoices}, the Kafka commands topic
 * and {@code direct:kotani-hub-submit}) are valid, one per way of collecting; a card's number and CVV never reach the
 * stored form.
 */
class InvoiceExamplesTest {

    @Test
    void everyExampleInvoiceIsValidAndTheCardIsNotStored() throws Exception {
        List<Path> files;
        try (Stream<Path> listed = Files.list(Path.of("examples/invoices"))) {
            files = listed.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        List<String> collections = files.stream().map(file -> {
            try {
                ObjectNode node = (ObjectNode) InvoiceRequest.JSON.readTree(Files.readAllBytes(file));
                assertThat(node.get("type").asText()).isEqualTo("INVOICE");
                node.remove("type");
                InvoiceRequest request = InvoiceRequest.of(node);
                if (request.card() != null) {
                    assertThat(request.canonicalJson()).doesNotContain(request.card().number())
                            .doesNotContain("cvv").contains("\"last4\":\"" + request.card().last4() + "\"");
                    assertThat(request.card().toString()).doesNotContain(request.card().number());
                    assertThat(InvoiceRequest.fromStored(request.canonicalJson()).hash()).isEqualTo(request.hash());
                }
                return request.collection();
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
        assertThat(collections).containsExactlyInAnyOrder("LINK", "BANK_CHECKOUT", "CARD_DEPOSIT");
    }
}

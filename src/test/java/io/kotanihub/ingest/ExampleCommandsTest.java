package io.kotanihub.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import io.kotanihub.model.CommandValidator;
import io.kotanihub.model.PaymentCommand;
import io.kotanihub.model.PaymentType;
import org.junit.jupiter.api.Test;

/** The example commands a new user tries ({@code examples/commands}) are valid canonical commands of every type. */
class ExampleCommandsTest {

    @Test
    void everyExampleCommandIsReadAndValid() throws Exception {
        List<Path> files;
        try (Stream<Path> listed = Files.list(Path.of("examples/commands"))) {
            files = listed.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertThat(files).hasSize(4);
        List<PaymentType> types = files.stream().map(file -> {
            try {
                PaymentCommand command = CommandValidator.normalise(CommandReader.read(Files.readAllBytes(file)));
                assertThat(CommandValidator.validate(command)).as(file.toString()).isEmpty();
                return command.type();
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
        assertThat(types).containsExactlyInAnyOrder(PaymentType.PAYOUT, PaymentType.COLLECTION, PaymentType.ONRAMP,
                PaymentType.OFFRAMP);
    }
}

package io.kotanihub.ingest;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.kotanihub.model.PaymentCommand;

/**
 * Reads a canonical payment command from JSON bytes, strictly: amounts become exact {@code BigDecimal}s (a string
 * or a number, never a binary float), unknown members and trailing garbage are refused with a message naming them.
 */
public final class CommandReader {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    private CommandReader() { }

    /** @throws UnreadableCommandException with a user-facing reason */
    public static PaymentCommand read(byte[] json) {
        if (json == null || json.length == 0) {
            throw new UnreadableCommandException("the message is empty");
        }
        try {
            PaymentCommand command = JSON.readValue(json, PaymentCommand.class);
            if (command == null) {
                throw new UnreadableCommandException("the message is JSON null, not a payment command");
            }
            return command;
        } catch (UnrecognizedPropertyException e) {
            throw new UnreadableCommandException("unknown member '" + e.getPropertyName() + "'");
        } catch (MismatchedInputException e) {
            String path = e.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .reduce((a, b) -> a + "." + b).orElse("the document");
            throw new UnreadableCommandException("'" + path + "' has the wrong type or value");
        } catch (IOException e) {
            throw new UnreadableCommandException("not valid JSON: " + originalMessage(e));
        }
    }

    /** Why a message could not be read as a payment command. */
    public static class UnreadableCommandException extends IllegalArgumentException {
        public UnreadableCommandException(String reason) {
            super(reason);
        }
    }

    private static String originalMessage(IOException e) {
        return e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
    }
}

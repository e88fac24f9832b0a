package io.kotanihub.dispatch;

import java.util.List;
import java.util.stream.Collectors;

import io.kotanihub.model.Violation;

/** A command that does not pass {@link io.kotanihub.model.CommandValidator}; ingresses validate before intake. */
public class InvalidCommandException extends IllegalArgumentException {

    private final transient List<Violation> violations;

    public InvalidCommandException(String reference, List<Violation> violations) {
        super("payment command " + reference + " is invalid: " + violations.stream()
                .map(v -> v.field() + " " + v.message()).collect(Collectors.joining("; ")));
        this.violations = List.copyOf(violations);
    }

    public List<Violation> violations() {
        return violations;
    }
}

package io.kotanihub.model;

/**
 * One problem with a payment command. {@code field} names the canonical command's field
 * ({@code reference}, {@code amount}, {@code currency}, {@code country}, {@code recipient.phone}, ...).
 */
public record Violation(String field, String message) {

    @Override
    public String toString() {
        return field + ": " + message;
    }
}

package io.kotanihub.rest;

/** Query parameters of the REST API read as the client wrote them: a value that is not what was asked is a 400. */
public final class QueryParams {

    private QueryParams() { }

    /** A whole number from {@code min} to {@code max}, {@code fallback} when absent; otherwise a 400 problem. */
    public static int wholeNumber(String name, String value, int min, int max, int fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException notANumber) {
            // answered below, like a number out of range
        }
        throw new ApiProblem(400, "Bad Request", name + " must be a whole number from " + min + " to " + max);
    }
}

package io.kotanihub.rest;

import java.nio.charset.StandardCharsets;

import org.springframework.web.util.UriUtils;

/**
 * Path parameters of the REST API as the client meant them: the REST DSL hands them over as they were written in
 * the request line, still percent-encoded, so {@code GET /payments/inv%3A7} must look up the reference {@code inv:7}.
 * Only {@code %XX} sequences are decoded ({@code +} stays a plus, as RFC 3986 says for a path); a malformed sequence
 * is a 400 problem.
 */
public final class PathParams {

    private PathParams() { }

    public static String decode(String raw) {
        if (raw == null || raw.indexOf('%') < 0) {
            return raw;
        }
        try {
            return UriUtils.decode(raw, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            throw new ApiProblem(400, "Bad Request", "the path has a malformed percent-encoding");
        }
    }
}

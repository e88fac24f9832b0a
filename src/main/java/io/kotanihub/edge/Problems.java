package io.kotanihub.edge;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;

/** Writes an RFC 9457 problem ({@code application/problem+json}) straight onto a servlet response. */
final class Problems {

    static final String MEDIA_TYPE = "application/problem+json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_INSTANCE = 512;

    private Problems() { }

    static void write(HttpServletResponse response, int status, String detail, String instance) throws IOException {
        byte[] body = body(status, detail, instance);
        response.setStatus(status);
        response.setContentType(MEDIA_TYPE);
        response.setHeader("Cache-Control", "no-store");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
        response.flushBuffer();
    }

    static byte[] body(int status, String detail, String instance) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", title(status));
        problem.put("status", status);
        problem.put("detail", detail);
        if (instance != null) {
            problem.put("instance", instance.length() > MAX_INSTANCE ? instance.substring(0, MAX_INSTANCE) : instance);
        }
        try {
            return JSON.writeValueAsString(problem).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The status's reason phrase as Spring knows it (RFC 9110), as the REST API's other problems use it. */
    static String title(int status) {
        HttpStatus known = HttpStatus.resolve(status);
        return known != null ? known.getReasonPhrase() : status >= 500 ? "Server Error" : "Client Error";
    }

    /** A short default detail for an error raised before the hub's own code (routing, method, media type). */
    static String detail(int status) {
        return switch (status) {
            case 404 -> "no such resource";
            case 405 -> "the method is not allowed on this resource";
            case 406 -> "no acceptable representation";
            case 415 -> "the content type is not supported here";
            case 400 -> "the request is malformed";
            default -> title(status);
        };
    }
}

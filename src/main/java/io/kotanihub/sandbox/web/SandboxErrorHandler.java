package io.kotanihub.sandbox.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/** Every error leaves the sandbox in one of Kotani's error shapes (§2.2), never as a stack trace. */
@RestControllerAdvice
public class SandboxErrorHandler {

    private static final Logger LOG = LoggerFactory.getLogger(SandboxErrorHandler.class);

    @ExceptionHandler(SandboxApiException.class)
    ResponseEntity<Map<String, Object>> api(SandboxApiException e) {
        return json(e.status(), Envelope.error(e.status(), e.getMessage(), e.data()));
    }

    @ExceptionHandler(RateLimitedException.class)
    ResponseEntity<Map<String, Object>> rateLimited(RateLimitedException e) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("statusCode", 429);
        body.put("message", "Too many requests. You have exceeded the limit of " + e.limit() + " requests per "
                + e.periodSeconds() + " seconds. Please wait before trying again.");
        body.put("error", "Too Many Requests");
        body.put("data", Map.of("retryAfter", e.retryAfterSeconds()));
        return ResponseEntity.status(429).contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfterSeconds())).body(body);
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<Map<String, Object>> unreadable(HttpMessageNotReadableException e) {
        return json(400, Envelope.error(400, "Validation failed: request body is not valid JSON",
                Map.of("errors", List.of("request body is not valid JSON"))));
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ResponseEntity<Map<String, Object>> missingParameter(MissingServletRequestParameterException e) {
        String error = e.getParameterName() + " should not be empty";
        return json(400, Envelope.error(400, "Validation failed: " + error, Map.of("errors", List.of(error))));
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<Map<String, Object>> mediaType(HttpMediaTypeNotSupportedException e) {
        return json(400, Envelope.error(400, "Content-Type must be application/json", Map.of()));
    }

    /** NestJS answers unknown routes and wrong methods with 404 in Shape A. */
    @ExceptionHandler({NoResourceFoundException.class, HttpRequestMethodNotSupportedException.class})
    ResponseEntity<Map<String, Object>> notFound(Exception e, HttpServletRequest request) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("statusCode", 404);
        body.put("message", "Cannot " + request.getMethod() + " " + request.getRequestURI());
        body.put("error", "Not Found");
        return json(404, body);
    }

    /** Cuts the answer off mid-body: Content-Length promises more than is sent, then the connection closes. */
    @ExceptionHandler(DroppedResponseException.class)
    void dropped(DroppedResponseException e, HttpServletResponse response) throws IOException {
        response.setStatus(200);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setHeader(HttpHeaders.CONNECTION, "close");
        response.setContentLength(4096);
        response.getOutputStream().write("{\"success\":true,\"mess".getBytes(StandardCharsets.US_ASCII));
        response.flushBuffer();
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Map<String, Object>> unexpected(Exception e) {
        LOG.error("sandbox: unexpected error", e);
        return json(500, Envelope.error(500, "Internal server error", Map.of()));
    }

    private static ResponseEntity<Map<String, Object>> json(int status, Map<String, Object> body) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(body);
    }
}

package io.kotanihub.rest;

/** What a REST operation answers: an HTTP status, a content type and a body (serialised as JSON unless a String). */
public record ApiResponse(int status, String contentType, Object body) {

    public static ApiResponse json(int status, Object body) {
        return new ApiResponse(status, "application/json", body);
    }
}

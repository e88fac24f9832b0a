package io.kotanihub.rest;

import java.util.List;
import java.util.Map;

/** An RFC 9457 problem the REST API answers with ({@code application/problem+json}). */
public class ApiProblem extends RuntimeException {

    private final int status;
    private final String title;
    private final List<Map<String, String>> errors;

    public ApiProblem(int status, String title, String detail) {
        this(status, title, detail, List.of());
    }

    public ApiProblem(int status, String title, String detail, List<Map<String, String>> errors) {
        super(detail, null, false, false);
        this.status = status;
        this.title = title;
        this.errors = errors;
    }

    public int status() { return status; }
    public String title() { return title; }
    public List<Map<String, String>> errors() { return errors; }
}

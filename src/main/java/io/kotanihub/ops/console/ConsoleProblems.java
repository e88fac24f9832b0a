package io.kotanihub.ops.console;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

/** The console's data calls answer errors as RFC 9457 problems (Spring's {@link ProblemDetail}), never cached. */
final class ConsoleProblems {

    private ConsoleProblems() {
    }

    static ResponseEntity<Object> problem(HttpStatus status, String detail) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .header(HttpHeaders.CACHE_CONTROL, "no-store").body(ProblemDetail.forStatusAndDetail(status, detail));
    }
}

package io.kotanihub.ops.console;

import static io.kotanihub.ops.console.ConsoleProblems.problem;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import io.kotanihub.common.csv.CsvWriters;
import io.kotanihub.common.logging.LogText;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The console's lists and history under {@code /console/api} (signed-in sessions only, as every console call): the
 * filtered, keyset-paged payments list and its streamed CSV export, trends, and the failures to act on. A bad
 * filter is a 400 problem naming the parameter.
 */
@RestController
@RequestMapping(path = "/console/api")
public class ConsoleListApi {

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleListApi.class);
    private static final int MAX_PAGE = 500;
    private static final int EXPORT_PAGE = 1000;

    private final PaymentList payments;
    private final ConsoleTrends trends;
    private final CsvWriters csvWriters;

    public ConsoleListApi(PaymentList payments, ConsoleTrends trends, CsvWriters csvWriters) {
        this.payments = payments;
        this.trends = trends;
        this.csvWriters = csvWriters;
    }

    @GetMapping("/payments")
    public ResponseEntity<Object> payments(@RequestParam Map<String, String> params,
                                           @RequestParam(name = "after", required = false) String after,
                                           @RequestParam(name = "limit", defaultValue = "50") int limit) {
        PaymentFilter filter = PaymentFilter.of(params);
        PaymentList.Page page = payments.page(filter, after, Math.max(1, Math.min(limit, MAX_PAGE)));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("filter", filter.parameters());
        out.put("rows", page.rows());
        out.put("next", page.next());
        return json(out);
    }

    /** The filtered list as CSV, streamed a page at a time; numbers masked and formula cells neutralised. */
    @GetMapping("/payments.csv")
    public void paymentsCsv(@RequestParam Map<String, String> params, HttpServletResponse response) throws IOException {
        PaymentFilter filter = PaymentFilter.of(params);
        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION,
                ContentDisposition.attachment().filename("payments.csv").build().toString());
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        try (CsvWriters.CsvOutput csv = csvWriters.open(response.getOutputStream())) {
            payments.export(filter, csv, EXPORT_PAGE);
        }
    }

    @GetMapping("/trends")
    public ResponseEntity<Object> trends(@RequestParam(name = "window", required = false) String window) {
        return json(trends.trends(ConsoleTrends.Window.of(window)));
    }

    @GetMapping("/failures")
    public ResponseEntity<Object> failures(@RequestParam(name = "window", required = false) String window) {
        return json(trends.failures(ConsoleTrends.Window.of(window == null ? "day" : window)));
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<Object> badFilter(IllegalArgumentException e) {
        return problem(HttpStatus.BAD_REQUEST, e.getMessage());
    }

    /** An unexpected failure: logged once with method and path, answered as a 500 problem (as {@link ConsoleApi}). */
    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception e, HttpServletRequest request) throws Exception {
        if (e instanceof ErrorResponse || e instanceof ServletException || e instanceof TypeMismatchException
                || e instanceof IOException || AnnotatedElementUtils.hasAnnotation(e.getClass(), ResponseStatus.class)) {
            throw e;
        }
        LOG.error("console API {} {} failed: {}", request.getMethod(), LogText.value(request.getRequestURI(), 300),
                LogText.value(e.toString(), 300), e);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "the request could not be processed; it was logged");
    }

    private static ResponseEntity<Object> json(Object body) {
        return ResponseEntity.ok().header(HttpHeaders.CACHE_CONTROL, "no-store").body(body);
    }

}

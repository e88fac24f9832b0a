package io.kotanihub.edge;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

/**
 * Tomcat's own error page (errors Tomcat raises before any filter or servlet, such as 400 for an encoded slash
 * {@code %2F} in the path) as an RFC 9457 problem under {@code /api}, {@code /webhooks} and {@code /console/api};
 * elsewhere Tomcat's page without server details, as Spring Boot configures it.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

    public ProblemErrorReportValve() {
        setShowReport(false);
        setShowServerInfo(false);
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        String uri = request.getCoyoteRequest().requestURI().toString();
        if (status < 400 || response.getContentWritten() > 0 || !problemPath(uri)) {
            super.report(request, response, throwable);
            return;
        }
        try {
            response.setContentType(Problems.MEDIA_TYPE);
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(new String(Problems.body(status, Problems.detail(status), uri), StandardCharsets.UTF_8));
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the client is gone or the response cannot be written any more: nothing is left to tell it
        }
    }

    static boolean problemPath(String uri) {
        if (uri == null) {
            return false;
        }
        String path = uri.toLowerCase(Locale.ROOT);
        return path.equals("/api") || path.startsWith("/api/") || path.equals("/webhooks")
                || path.startsWith("/webhooks/") || path.startsWith("/console/api/");
    }
}

package io.stagegate.web;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;

/**
 * Tomcat's error report for requests it refuses before any servlet sees them (an encoded slash or a NUL in the
 * path, a malformed request line): RFC 9457 problem details instead of Tomcat's HTML page, which names the server.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        boolean client = status < 500;
        String body = "{\"type\":\"https://stagegate.io/problems/" + (client ? "malformed-request" : "internal")
                + "\",\"title\":\"" + (client ? "Malformed request" : "Internal error") + "\",\"status\":" + status
                + ",\"detail\":\"" + (client ? "The request could not be read" : "The request could not be processed")
                + "\"}";
        try {
            response.setContentType("application/problem+json");
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(body);
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException ignored) {
            // the connection is gone; there is no one left to tell
        }
        response.getCoyoteResponse().action(ActionCode.CLOSE, null);
    }
}

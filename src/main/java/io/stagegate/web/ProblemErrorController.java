package io.stagegate.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Problem details for errors that never reach a controller and so bypass {@link ApiProblems}: a request the
 * firewall of Spring Security rejects (an encoded percent sign, {@code ../} or a control character in the path), an
 * exception thrown by a filter. Without it Spring Boot's error controller would answer with its own JSON shape
 * ({@code timestamp}, {@code error}, {@code path}), breaking the one error format of the contract. Replaces Boot's
 * {@code BasicErrorController}; what Tomcat refuses before any servlet is {@link ProblemErrorReportValve}'s.
 */
@RestController
class ProblemErrorController implements ErrorController {

    @RequestMapping("${server.error.path:/error}")
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatus status = code instanceof Integer value && HttpStatus.resolve(value) != null
                ? HttpStatus.valueOf(value)
                : HttpStatus.INTERNAL_SERVER_ERROR;
        ProblemDetail problem =
                switch (status) {
                    case BAD_REQUEST ->
                        ApiProblems.problem(
                                status, "malformed-request", "Malformed request", "The request could not be read");
                    case NOT_FOUND -> ApiProblems.problem(status, "not-found", "Not found", "No such resource");
                    case PAYLOAD_TOO_LARGE ->
                        ApiProblems.problem(
                                status, "request-too-large", "Request too large", "The request exceeds a size limit");
                    default ->
                        status.is4xxClientError()
                                ? ApiProblems.problem(
                                        status, "refused", status.getReasonPhrase(), "The request was refused")
                                : ApiProblems.problem(
                                        status,
                                        "internal",
                                        "Internal error",
                                        "The request could not be processed; it has been logged");
                };
        return ResponseEntity.status(status)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }
}

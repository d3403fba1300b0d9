package io.stagegate.web;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.stagegate.lifecycle.Refusal;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.ConstraintViolationException;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingPathVariableException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.multipart.support.MissingServletRequestPartException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Every error of {@code /api/v1} as RFC 9457 problem details. A {@link Refusal} says what the rule is; anything
 * unexpected is logged and answered with a generic 500 that reveals nothing of the implementation.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class ApiProblems {

    private static final Logger log = LoggerFactory.getLogger(ApiProblems.class);
    static final String TYPE_BASE = "https://stagegate.io/problems/";

    @ExceptionHandler(Refusal.class)
    ProblemDetail refusal(Refusal refusal) {
        return fromRefusal(refusal);
    }

    @ExceptionHandler(MethodArgumentNotValidException.class)
    ProblemDetail invalid(MethodArgumentNotValidException e) {
        List<Map<String, String>> errors = e.getBindingResult().getFieldErrors().stream()
                .map(f -> Map.of("field", f.getField(), "message", String.valueOf(f.getDefaultMessage())))
                .toList();
        ProblemDetail problem = problem(
                HttpStatus.BAD_REQUEST,
                "invalid-input",
                "Invalid input",
                errors.stream()
                        .map(m -> m.get("field") + ": " + m.get("message"))
                        .collect(Collectors.joining("; ")));
        problem.setProperty("errors", errors);
        return problem;
    }

    @ExceptionHandler(ConstraintViolationException.class)
    ProblemDetail violated(ConstraintViolationException e) {
        List<Map<String, String>> errors = e.getConstraintViolations().stream()
                .map(v -> Map.of("field", lastNode(v.getPropertyPath().toString()), "message", v.getMessage()))
                .toList();
        ProblemDetail problem = problem(
                HttpStatus.BAD_REQUEST,
                "invalid-input",
                "Invalid input",
                errors.stream()
                        .map(m -> m.get("field") + ": " + m.get("message"))
                        .collect(Collectors.joining("; ")));
        problem.setProperty("errors", errors);
        return problem;
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ProblemDetail unreadable(HttpMessageNotReadableException e) {
        Throwable cause = e.getCause();
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof JsonBodyLimitFilter.BodyTooLarge) {
                return problem(
                        HttpStatus.PAYLOAD_TOO_LARGE,
                        "request-too-large",
                        "Request too large",
                        "A JSON request body may hold at most " + JsonBodyLimitFilter.MAX_BYTES + " bytes");
            }
        }
        if (cause instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String field = mapping.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining("."))
                    .replace(".[", "[");
            String message;
            if (cause instanceof UnrecognizedPropertyException) {
                message = "unknown field";
            } else if (cause instanceof InvalidFormatException format && format.getTargetType() == String.class) {
                message = RequestLimitsConfiguration.CONTROL_CHARACTERS;
            } else if (cause instanceof InvalidFormatException format
                    && format.getTargetType().isEnum()) {
                message = "must be one of "
                        + java.util.Arrays.toString(format.getTargetType().getEnumConstants());
            } else {
                message = "has the wrong type or format";
            }
            return withErrors(field, message);
        }
        return problem(
                HttpStatus.BAD_REQUEST,
                "malformed-request",
                "Malformed request",
                "The request body is not valid JSON of the expected shape");
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ProblemDetail mismatch(MethodArgumentTypeMismatchException e) {
        return withErrors(e.getName(), "has an invalid value");
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ProblemDetail missingParameter(MissingServletRequestParameterException e) {
        return withErrors(e.getParameterName(), "is required");
    }

    /** A path segment that is blank (e.g. {@code /phases/%20/submit}) arrives as a missing path variable. */
    @ExceptionHandler(MissingPathVariableException.class)
    ProblemDetail missingPathVariable(MissingPathVariableException e) {
        return withErrors(e.getVariableName(), "is required");
    }

    @ExceptionHandler(MissingServletRequestPartException.class)
    ProblemDetail missingPart(MissingServletRequestPartException e) {
        return withErrors(e.getRequestPartName(), "is required");
    }

    @ExceptionHandler(MaxUploadSizeExceededException.class)
    ProblemDetail tooLarge(MaxUploadSizeExceededException e) {
        return problem(
                HttpStatus.PAYLOAD_TOO_LARGE,
                "upload-too-large",
                "Upload too large",
                "The upload exceeds the configured size limit");
    }

    @ExceptionHandler(MultipartException.class)
    ProblemDetail multipart(MultipartException e) {
        if (e.getCause() != null && e.getCause().getClass().getSimpleName().contains("SizeLimit")) {
            return tooLarge(null);
        }
        return problem(
                HttpStatus.BAD_REQUEST,
                "malformed-request",
                "Malformed request",
                "The multipart request could not be read");
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ProblemDetail mediaType(HttpMediaTypeNotSupportedException e) {
        return problem(
                HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                "unsupported-media-type",
                "Unsupported media type",
                "Send application/json (or multipart/form-data for uploads)");
    }

    @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
    ProblemDetail notAcceptable(HttpMediaTypeNotAcceptableException e) {
        return problem(
                HttpStatus.NOT_ACCEPTABLE,
                "not-acceptable",
                "Not acceptable",
                "This resource is available as application/json");
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ProblemDetail method(HttpRequestMethodNotSupportedException e) {
        return problem(
                HttpStatus.METHOD_NOT_ALLOWED,
                "method-not-allowed",
                "Method not allowed",
                "Method " + e.getMethod() + " is not supported here");
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ProblemDetail noResource(NoResourceFoundException e) {
        return problem(HttpStatus.NOT_FOUND, "not-found", "Not found", "No such resource");
    }

    @ExceptionHandler({ConcurrencyFailureException.class, OptimisticLockingException.class})
    ProblemDetail concurrent(RuntimeException e) {
        return problem(
                HttpStatus.CONFLICT,
                "conflict",
                "Conflicts with the current state",
                "The project changed concurrently; read it again and retry");
    }

    @ExceptionHandler(AuthorizationException.class)
    ProblemDetail engineAuthorization(AuthorizationException e) {
        if (e.getCause() instanceof Refusal refusal) {
            return fromRefusal(refusal);
        }
        return problem(HttpStatus.FORBIDDEN, "forbidden", "Not allowed", "The engine does not allow this action");
    }

    @ExceptionHandler(RuntimeException.class)
    ProblemDetail unexpected(RuntimeException e) {
        // a rule refused inside the engine arrives wrapped by the engine's listener invocation
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof Refusal refusal) {
                return fromRefusal(refusal);
            }
            if (t instanceof OptimisticLockingException || t instanceof ConcurrencyFailureException) {
                return concurrent(e);
            }
        }
        log.error("Unexpected error", e);
        return problem(
                HttpStatus.INTERNAL_SERVER_ERROR,
                "internal",
                "Internal error",
                "The request could not be processed; it has been logged");
    }

    private static ProblemDetail fromRefusal(Refusal refusal) {
        HttpStatus status = HttpStatus.valueOf(refusal.status());
        String slug =
                switch (refusal.status()) {
                    case 400 -> "invalid-input";
                    case 403 -> "forbidden";
                    case 404 -> "not-found";
                    case 409 -> "conflict";
                    case 422 -> refusal.missing().isEmpty() ? "unprocessable" : "gate-conditions-not-met";
                    default -> "refused";
                };
        ProblemDetail problem = problem(status, slug, refusal.title(), refusal.getMessage());
        if (refusal.field() != null) {
            problem.setProperty("errors", List.of(Map.of("field", refusal.field(), "message", refusal.getMessage())));
        }
        if (refusal.status() == 422 && !refusal.missing().isEmpty()) {
            problem.setProperty("missing", refusal.missing());
        }
        return problem;
    }

    private static ProblemDetail withErrors(String field, String message) {
        ProblemDetail problem =
                problem(HttpStatus.BAD_REQUEST, "invalid-input", "Invalid input", field + " " + message);
        problem.setProperty("errors", List.of(Map.of("field", field, "message", message)));
        return problem;
    }

    static ProblemDetail problem(HttpStatus status, String slug, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPE_BASE + slug));
        problem.setTitle(title);
        return problem;
    }

    /** Writes a problem straight to the servlet response, for filters that answer before any controller runs. */
    static void write(
            HttpServletResponse response,
            ObjectMapper json,
            HttpStatus status,
            String slug,
            String title,
            String detail)
            throws IOException {
        response.setStatus(status.value());
        response.setContentType("application/problem+json");
        response.getOutputStream().write(json.writeValueAsBytes(problem(status, slug, title, detail)));
    }

    private static String lastNode(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? path : path.substring(dot + 1);
    }
}

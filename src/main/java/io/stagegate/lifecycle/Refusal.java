package io.stagegate.lifecycle;

import java.util.List;

/**
 * Why Stagegate refuses an action, with the HTTP status the API answers. Thrown by application services and by
 * the engine-side gate rules alike, so that a refusal reads the same whichever channel the action came through.
 */
public class Refusal extends RuntimeException {

    private final int status;
    private final String title;
    private final String field;
    private final List<String> missing;

    private Refusal(int status, String title, String detail, String field, List<String> missing) {
        super(detail);
        this.status = status;
        this.title = title;
        this.field = field;
        this.missing = missing == null ? List.of() : List.copyOf(missing);
    }

    public static Refusal badRequest(String field, String detail) {
        return new Refusal(400, "Invalid input", detail, field, null);
    }

    public static Refusal forbidden(String detail) {
        return new Refusal(403, "Not allowed", detail, null, null);
    }

    public static Refusal notFound(String detail) {
        return new Refusal(404, "Not found", detail, null, null);
    }

    public static Refusal conflict(String detail) {
        return new Refusal(409, "Conflicts with the current state", detail, null, null);
    }

    public static Refusal unprocessable(String detail) {
        return new Refusal(422, "Conditions not met", detail, null, null);
    }

    public static Refusal gateConditionsNotMet(String detail, List<String> missing) {
        return new Refusal(422, "Gate conditions not met", detail, null, missing);
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public String field() {
        return field;
    }

    public List<String> missing() {
        return missing;
    }
}

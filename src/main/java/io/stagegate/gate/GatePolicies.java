package io.stagegate.gate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stagegate.lifecycle.Phase;
import io.stagegate.lifecycle.PolicyDecisions;
import io.stagegate.lifecycle.PolicyDecisions.Evaluation;
import io.stagegate.lifecycle.Project;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Asks the {@code gate-checklist} and {@code gate-signoffs} policies what a phase's gate requires. */
@Component
public class GatePolicies {

    static final String CHECKLIST = "gate-checklist";
    static final String SIGNOFFS = "gate-signoffs";

    private final PolicyDecisions decisions;
    private final ObjectMapper json;

    GatePolicies(PolicyDecisions decisions, ObjectMapper json) {
        this.decisions = decisions;
        this.json = json;
    }

    public Requirements requirements(Project project, Phase phase) {
        Map<String, Object> inputs = new HashMap<>(PolicyDecisions.inputsOf(project));
        inputs.put("phase", phase.name());
        Evaluation checklist = decisions.evaluate(CHECKLIST, inputs);
        Evaluation signoffs = decisions.evaluate(SIGNOFFS, inputs);
        try {
            String policy = json.writeValueAsString(List.of(checklist.version(), signoffs.version()));
            return new Requirements(checklist.column("checkKey"), signoffs.column("function"), policy);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public record Requirements(List<String> checks, List<String> signoffs, String policy) {}
}

package io.stagegate.lifecycle;

import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.DecisionService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.DecisionDefinition;
import org.springframework.stereotype.Component;

/**
 * Evaluates the organisation's policy tables. Each evaluation uses the latest deployed version of the table — a
 * deliberate choice: a PMO's policy change applies to the next gate — and reports exactly which version it used,
 * so the decision record can keep it.
 */
@Component
public class PolicyDecisions {

    private final RepositoryService repository;
    private final DecisionService decisions;
    private final EngineActions engine;

    PolicyDecisions(RepositoryService repository, DecisionService decisions, EngineActions engine) {
        this.repository = repository;
        this.decisions = decisions;
        this.engine = engine;
    }

    public Evaluation evaluate(String decisionKey, Map<String, Object> inputs) {
        return engine.withoutAuthorization(() -> {
            DecisionDefinition definition = repository
                    .createDecisionDefinitionQuery()
                    .decisionDefinitionKey(decisionKey)
                    .latestVersion()
                    .singleResult();
            if (definition == null) {
                throw new IllegalStateException("Policy " + decisionKey + " is not deployed");
            }
            List<Map<String, Object>> rows = decisions
                    .evaluateDecisionTableById(definition.getId())
                    .variables(inputs)
                    .evaluate()
                    .getResultList();
            return new Evaluation(
                    rows,
                    new PolicyVersion(
                            decisionKey, definition.getId(), definition.getVersion(), definition.getVersionTag()));
        });
    }

    public record Evaluation(List<Map<String, Object>> rows, PolicyVersion version) {

        public List<String> column(String name) {
            return rows.stream()
                    .map(row -> row.get(name))
                    .filter(value -> value != null && !value.toString().isBlank())
                    .map(Object::toString)
                    .distinct()
                    .toList();
        }
    }

    /** The exact policy a decision was taken under. */
    public record PolicyVersion(String key, String definitionId, int version, String versionTag) {}

    /** The policy inputs every table may use, taken from the project's profile. */
    public static Map<String, Object> inputsOf(Project project) {
        ProjectProfile profile = project.profile();
        return Map.of(
                "industry", profile.industry().name(),
                "privacyLevel", profile.privacyLevel().name(),
                "processComplexity", profile.processComplexity().name(),
                "domainSpecialization", profile.domainSpecialization().name(),
                "audience", profile.audience().name(),
                "jurisdictionCN", profile.jurisdictions().contains(ProjectProfile.Jurisdiction.CN),
                "jurisdictionEU", profile.jurisdictions().contains(ProjectProfile.Jurisdiction.EU),
                "euRiskClass",
                        profile.euRiskClass() == null
                                ? "NONE"
                                : profile.euRiskClass().name(),
                "approachDeviates",
                        project.approach() != null && project.approach().deviates());
    }
}

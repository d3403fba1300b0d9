package io.stagegate.lifecycle;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/**
 * The lifecycle's vocabulary: phases with their required deliverables and the catalogue of checks a policy can
 * ask for, each with English and Simplified Chinese names. Loaded once from {@code catalogue/lifecycle.json}.
 */
@Component
public class Catalogue {

    public static final String RESOURCE = "catalogue/lifecycle.json";

    private final Map<Phase, PhaseEntry> phases = new LinkedHashMap<>();
    private final Map<String, DeliverableEntry> deliverables = new LinkedHashMap<>();
    private final Map<String, Phase> deliverablePhases = new LinkedHashMap<>();
    private final Map<String, CheckEntry> checks = new LinkedHashMap<>();

    public Catalogue() {
        ObjectMapper mapper = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        try (InputStream in = new ClassPathResource(RESOURCE).getInputStream()) {
            Document document = mapper.readValue(in, Document.class);
            for (PhaseEntry phase : document.phases()) {
                Phase key = Phase.valueOf(phase.key());
                phases.put(key, phase);
                for (DeliverableEntry deliverable : phase.deliverables()) {
                    deliverables.put(deliverable.type(), deliverable);
                    deliverablePhases.put(deliverable.type(), key);
                }
            }
            document.checks().forEach(check -> checks.put(check.key(), check));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + RESOURCE, e);
        }
    }

    public List<PhaseEntry> phases() {
        return List.copyOf(phases.values());
    }

    public PhaseEntry phase(Phase phase) {
        return phases.get(phase);
    }

    public List<String> requiredDeliverables(Phase phase) {
        return phases.get(phase).deliverables().stream()
                .map(DeliverableEntry::type)
                .toList();
    }

    public Optional<Phase> phaseOfDeliverable(String type) {
        return Optional.ofNullable(deliverablePhases.get(type));
    }

    public Optional<DeliverableEntry> deliverable(String type) {
        return Optional.ofNullable(deliverables.get(type));
    }

    public Optional<CheckEntry> check(String key) {
        return Optional.ofNullable(checks.get(key));
    }

    public List<CheckEntry> checksOf(Phase phase) {
        return checks.values().stream()
                .filter(check -> check.phases().contains(phase.name()))
                .toList();
    }

    public List<CheckEntry> checks() {
        return List.copyOf(checks.values());
    }

    /** English unless the language asked for is Chinese. */
    public static String localized(Map<String, String> names, Locale locale) {
        if (locale != null && "zh".equals(locale.getLanguage()) && names.containsKey("zh-CN")) {
            return names.get("zh-CN");
        }
        return names.getOrDefault("en", names.values().stream().findFirst().orElse(""));
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Document(List<PhaseEntry> phases, List<CheckEntry> checks) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record PhaseEntry(String key, int order, Map<String, String> name, List<DeliverableEntry> deliverables) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record DeliverableEntry(String type, Map<String, String> name) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record CheckEntry(
            String key, String pitfall, List<String> phases, Map<String, String> name, List<String> controls) {

        public CheckEntry {
            controls = controls == null ? List.of() : List.copyOf(controls);
            phases = phases == null ? List.of() : List.copyOf(phases);
        }
    }
}

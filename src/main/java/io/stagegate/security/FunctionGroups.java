package io.stagegate.security;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Which group gives which sign-off function ({@code stagegate.functions.<FUNCTION>=<group>}). Functions are data: the
 * {@code gate-signoffs} decision names them, and an organisation adds one (RISK, SECURITY, …) by mapping it to a group
 * here. The three defaults (BUSINESS → business, TECHNOLOGY → technology, COMPLIANCE → compliance) stay unless
 * overridden, so adding a function does not mean repeating them. Function names are case-insensitive and kept in
 * upper case, because environment variables arrive in lower case.
 *
 * @param functions function → group id
 */
@ConfigurationProperties(prefix = "stagegate")
public record FunctionGroups(Map<String, String> functions) {

    static final Map<String, String> DEFAULTS =
            Map.of("BUSINESS", "business", "TECHNOLOGY", "technology", "COMPLIANCE", "compliance");

    public FunctionGroups {
        Map<String, String> merged = new LinkedHashMap<>();
        DEFAULTS.forEach((function, group) -> merged.put(function, group));
        if (functions != null) {
            functions.forEach((function, group) -> merged.put(normalize(function), group.trim()));
        }
        merged.values().removeIf(String::isEmpty);
        functions = Map.copyOf(merged);
    }

    /** The group whose members may give this function's sign-off. */
    public Optional<String> groupOf(String function) {
        return Optional.ofNullable(functions.get(normalize(function)));
    }

    /** The functions whose sign-off a member of these groups may give, sorted. */
    public Set<String> functionsOf(Collection<String> groups) {
        Set<String> result = new TreeSet<>();
        functions.forEach((function, group) -> {
            if (groups.contains(group)) {
                result.add(function);
            }
        });
        return result;
    }

    /** All configured functions, sorted. */
    public Set<String> functionNames() {
        return new TreeSet<>(functions.keySet());
    }

    private static String normalize(String function) {
        return function.trim().toUpperCase(Locale.ROOT);
    }
}

package io.stagegate.lifecycle;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.regex.Matcher;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.DecisionDefinition;
import org.camunda.bpm.engine.repository.DeploymentBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;

/**
 * Deploys the bundled models at start-up. Process models and forms go together as one deployment, and only when
 * one of them changed, so that a lifecycle's called phase model and forms resolve within its own deployment. Each
 * policy table (DMN) is deployed on its own and only when its bundled {@code versionTag} is newer than the deployed
 * one: a policy an administrator deployed at runtime is never replaced by an older bundled default.
 */
@Component
@Order(0)
class ModelDeployment implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(ModelDeployment.class);
    static final String MODELS = "stagegate-models";
    private static final java.util.regex.Pattern DECISION = java.util.regex.Pattern.compile(
            "<decision\\s[^>]*?id=\"([^\"]+)\"[^>]*?camunda:versionTag=\"([^\"]+)\"|<decision\\s[^>]*?camunda:versionTag=\"([^\"]+)\"[^>]*?id=\"([^\"]+)\"");

    private final RepositoryService repository;
    private final PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver();

    ModelDeployment(RepositoryService repository) {
        this.repository = repository;
    }

    @Override
    public void run(ApplicationArguments args) {
        deployProcessModels();
        deployPolicies();
    }

    void deployProcessModels() {
        DeploymentBuilder deployment =
                repository.createDeployment().name(MODELS).source("stagegate").enableDuplicateFiltering(false);
        for (Resource resource : resources("classpath*:bpmn/*.bpmn", "classpath*:bpmn/*.form")) {
            deployment.addString("bpmn/" + resource.getFilename(), read(resource));
        }
        deployment.deploy();
    }

    void deployPolicies() {
        for (Resource resource : resources("classpath*:bpmn/*.dmn")) {
            String xml = read(resource);
            Matcher matcher = DECISION.matcher(xml);
            if (!matcher.find()) {
                throw new IllegalStateException(resource.getFilename() + " has no decision with a versionTag");
            }
            String key = matcher.group(1) != null ? matcher.group(1) : matcher.group(4);
            String bundledTag = matcher.group(2) != null ? matcher.group(2) : matcher.group(3);
            DecisionDefinition deployed = repository
                    .createDecisionDefinitionQuery()
                    .decisionDefinitionKey(key)
                    .latestVersion()
                    .singleResult();
            if (deployed == null || newer(bundledTag, deployed.getVersionTag())) {
                repository
                        .createDeployment()
                        .name("policy " + key + " " + bundledTag)
                        .source("stagegate")
                        .addString("bpmn/" + resource.getFilename(), xml)
                        .deploy();
                log.info("Deployed bundled policy {} {}", key, bundledTag);
            } else {
                log.info(
                        "Keeping deployed policy {} (version {}, tag {}); bundled tag is {}",
                        key,
                        deployed.getVersion(),
                        deployed.getVersionTag(),
                        bundledTag);
            }
        }
    }

    /** Dotted numeric versions compared part by part; anything unparsable counts as older. */
    static boolean newer(String candidate, String current) {
        if (current == null) {
            return true;
        }
        Comparator<int[]> byParts = (a, b) -> Arrays.compare(a, b);
        return byParts.compare(parts(candidate), parts(current)) > 0;
    }

    private static int[] parts(String version) {
        return Arrays.stream(version.split("\\."))
                .mapToInt(p -> {
                    try {
                        return Integer.parseInt(p.replaceAll("\\D", ""));
                    } catch (NumberFormatException e) {
                        return 0;
                    }
                })
                .toArray();
    }

    private Resource[] resources(String... patterns) {
        try {
            java.util.List<Resource> all = new java.util.ArrayList<>();
            for (String pattern : patterns) {
                all.addAll(Arrays.asList(resolver.getResources(pattern)));
            }
            all.sort(Comparator.comparing(Resource::getFilename));
            return all.toArray(Resource[]::new);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Resource resource) {
        try (InputStream in = resource.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package io.stagegate.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * The Helm chart in {@code helm/stagegate}, linted and rendered by the Helm library that helm-java bundles (no
 * cluster, no helm binary, no Spring context), with the values files CI installs in {@code ci/}.
 */
class HelmChartTests {

    private static final Path CHART = Path.of("helm", "stagegate");
    private static final Path DEFAULT_VALUES = CHART.resolve("ci/default-values.yaml");
    private static final Path PRODUCTION_VALUES = CHART.resolve("ci/production-values.yaml");
    private static final String RELEASE = "sg";
    private static final String FULLNAME = "sg-stagegate";
    private static final String KUBE_VERSION = "v1.31.0";

    private static final String DB_PASSWORD = "ci-only-db-password-7f3a";
    private static final String AUDIT_KEY = "ci-only-audit-hmac-key-0123456789abcdef";
    private static final String WEBHOOKS_KEY = "ci-only-webhooks-key-0123456789abcdef";

    private final YAMLMapper yaml = new YAMLMapper();

    @Test
    void lintsWithoutErrors() {
        LintResult result = new Helm(CHART).lint().strict().call();

        assertThat(result.isFailed())
                .as("lint messages: %s", result.getMessages())
                .isFalse();
        assertThat(result.getMessages()).noneMatch(message -> message.contains("[ERROR]"));
    }

    @Test
    void defaultValuesRenderTwoReplicasProbedOnTheHealthGroups() throws IOException {
        List<JsonNode> manifests = render(template -> template.withValuesFile(DEFAULT_VALUES));

        JsonNode deployment = only(manifests, "Deployment");
        assertThat(deployment.at("/spec/replicas").asInt()).isEqualTo(2);
        assertThat(deployment.at("/spec/strategy/type").asText()).isEqualTo("RollingUpdate");
        assertThat(deployment.at("/spec/strategy/rollingUpdate/maxUnavailable").asInt())
                .isZero();
        JsonNode container = deployment.at("/spec/template/spec/containers/0");
        assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/actuator/health/liveness");
        assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/actuator/health/readiness");
        assertThat(container.at("/startupProbe/httpGet/path").asText()).isEqualTo("/actuator/health/liveness");
        assertThat(container.at("/ports/0/containerPort").asInt()).isEqualTo(8080);
        // the probes on the management port, which requests queued for the request threads do not delay
        assertThat(container.at("/ports/1/name").asText()).isEqualTo("management");
        assertThat(container.at("/ports/1/containerPort").asInt()).isEqualTo(8081);
        for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
            assertThat(container.at("/" + probe + "/httpGet/port").asText())
                    .as(probe)
                    .isEqualTo("management");
        }
        assertThat(only(manifests, "Service").at("/spec/ports/1/targetPort").asText())
                .isEqualTo("management");
        assertThat(container.at("/resources/requests/memory").asText()).isNotBlank();
        assertThat(container.at("/resources/limits/memory").asText()).isNotBlank();

        JsonNode config = only(manifests, "ConfigMap").get("data");
        assertThat(config.get("SPRING_PROFILES_ACTIVE").asText()).isEqualTo("postgres,prod");
        assertThat(config.get("DB_URL").asText()).isEqualTo("jdbc:postgresql://postgres:5432/stagegate");
        assertThat(config.get("DB_USERNAME").asText()).isEqualTo("stagegate");
        assertThat(config.get("STAGEGATE_DEMO_ENABLED").asText()).isEqualTo("false");
        assertThat(config.get("MANAGEMENT_ENDPOINT_HEALTH_PROBES_ENABLED").asText())
                .isEqualTo("true");
        assertThat(config.get("MANAGEMENT_SERVER_PORT").asText()).isEqualTo("8081");
        assertThat(config.get("HTTP_THREADS").asText()).isEqualTo("16");
        assertThat(config.get("DB_OPTIONS").asText())
                .as("the postgres profile's default session settings")
                .isEqualTo("-c plan_cache_mode=force_generic_plan");
        assertThat(config.get("LOG_FORMAT").asText()).as("JSON logs by default").isEqualTo("ecs");
        assertThat(container.at("/envFrom/0/configMapRef/name").asText()).isEqualTo(FULLNAME);

        assertThat(only(manifests, "PodDisruptionBudget")
                        .at("/spec/minAvailable")
                        .asInt())
                .isEqualTo(1);
        assertThat(kinds(manifests)).doesNotContain("HorizontalPodAutoscaler", "Ingress", "ServiceMonitor");
    }

    @Test
    void defaultValuesTakeThePasswordAndBothKeysFromTheChartsSecret() throws IOException {
        List<JsonNode> manifests = render(template -> template.withValuesFile(DEFAULT_VALUES));

        JsonNode container = only(manifests, "Deployment").at("/spec/template/spec/containers/0");
        assertSecretReference(container, "DB_PASSWORD", FULLNAME, "db-password");
        assertSecretReference(container, "STAGEGATE_AUDIT_HMAC_KEY", FULLNAME, "audit-hmac-key");
        assertSecretReference(container, "STAGEGATE_WEBHOOKS_ENCRYPTION_KEY", FULLNAME, "webhooks-encryption-key");

        JsonNode secret = only(manifests, "Secret");
        assertThat(secret.at("/metadata/name").asText()).isEqualTo(FULLNAME);
        assertThat(secret.get("data").has("db-password")).isTrue();
        assertThat(secret.has("stringData")).isFalse();
    }

    @Test
    void noRenderedManifestHoldsAPlaintextSecret() throws IOException {
        String rendered = template(template -> template.withValuesFile(DEFAULT_VALUES));

        assertThat(rendered).doesNotContain(DB_PASSWORD, AUDIT_KEY, WEBHOOKS_KEY);
        for (JsonNode manifest : parse(rendered)) {
            for (JsonNode env : manifest.findValues("env")) {
                env.forEach(variable -> assertThat(variable.has("value"))
                        .as("%s must come from a Secret", variable.get("name"))
                        .isEqualTo(!isSecret(variable.get("name").asText())));
            }
        }
    }

    @Test
    void runsAsNonRootOnAReadOnlyRootFileSystemWithWritableTmpAndData() throws IOException {
        JsonNode pod = only(render(template -> template.withValuesFile(DEFAULT_VALUES)), "Deployment")
                .at("/spec/template/spec");

        assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).isTrue();
        assertThat(pod.at("/securityContext/runAsUser").asInt()).isPositive();
        JsonNode container = pod.at("/containers/0");
        assertThat(container.at("/securityContext/runAsNonRoot").asBoolean()).isTrue();
        assertThat(container.at("/securityContext/readOnlyRootFilesystem").asBoolean())
                .isTrue();
        assertThat(container.at("/securityContext/allowPrivilegeEscalation").asBoolean())
                .isFalse();
        assertThat(container.at("/securityContext/capabilities/drop").toString())
                .contains("ALL");
        assertThat(container.get("volumeMounts").findValuesAsText("mountPath"))
                .containsExactlyInAnyOrder("/tmp", "/var/lib/stagegate");
        assertThat(pod.get("volumes"))
                .allSatisfy(volume -> assertThat(volume.has("emptyDir")).isTrue());
    }

    /** The webapps' OIDC client: its id in the config map, its secret only in the Secret, referenced from there. */
    @Test
    void theOidcClientSecretGoesOnlyIntoTheSecret() throws IOException {
        String clientSecret = "ci-only-oidc-client-secret-5c1d";
        String rendered = template(template -> template.withValuesFile(DEFAULT_VALUES)
                .set("oidc.issuerUri", "https://idp.example.com/realms/bank")
                .set("oidc.audience", "stagegate")
                .set("oidc.clientId", "stagegate")
                .set("oidc.clientSecret", clientSecret));
        List<JsonNode> manifests = parse(rendered);

        assertThat(rendered).doesNotContain(clientSecret);
        JsonNode config = only(manifests, "ConfigMap").get("data");
        assertThat(config.get("OIDC_CLIENT_ID").asText()).isEqualTo("stagegate");
        assertThat(config.toString()).doesNotContain(clientSecret).doesNotContain("OIDC_CLIENT_SECRET");
        JsonNode container = only(manifests, "Deployment").at("/spec/template/spec/containers/0");
        assertSecretReference(container, "OIDC_CLIENT_SECRET", FULLNAME, "oidc-client-secret");
        assertThat(only(manifests, "Secret").at("/data/oidc-client-secret").asText())
                .isEqualTo(Base64.getEncoder().encodeToString(clientSecret.getBytes(StandardCharsets.UTF_8)));

        assertThat(template(template -> template.withValuesFile(PRODUCTION_VALUES)
                        .set("oidc.issuerUri", "https://idp.example.com/realms/bank")
                        .set("oidc.clientId", "stagegate")))
                .as("with an existing Secret the secret is referenced there")
                .contains("key: oidc-client-secret")
                .doesNotContain("kind: Secret\n");
    }

    @Test
    void productionValuesReferenceTheExistingSecretAndCreateNone() throws IOException {
        List<JsonNode> manifests = render(template -> template.withValuesFile(PRODUCTION_VALUES));

        assertThat(kinds(manifests)).doesNotContain("Secret");
        JsonNode deployment = only(manifests, "Deployment");
        JsonNode container = deployment.at("/spec/template/spec/containers/0");
        assertSecretReference(container, "DB_PASSWORD", "stagegate-credentials", "db-password");
        assertSecretReference(container, "STAGEGATE_AUDIT_HMAC_KEY", "stagegate-credentials", "audit-hmac-key");
        assertSecretReference(
                container, "STAGEGATE_WEBHOOKS_ENCRYPTION_KEY", "stagegate-credentials", "webhooks-encryption-key");
        assertThat(container.get("image").asText()).isEqualTo("registry.example.com/stagegate:0.1.0");
        assertThat(kinds(manifests)).doesNotContain("PersistentVolumeClaim");
    }

    @Test
    void productionValuesLeaveTheReplicaCountToTheAutoscaler() throws IOException {
        List<JsonNode> manifests = render(template -> template.withValuesFile(PRODUCTION_VALUES));

        assertThat(only(manifests, "Deployment").at("/spec").has("replicas")).isFalse();
        JsonNode hpa = only(manifests, "HorizontalPodAutoscaler");
        assertThat(hpa.at("/spec/minReplicas").asInt()).isEqualTo(3);
        assertThat(hpa.at("/spec/maxReplicas").asInt()).isEqualTo(8);
        assertThat(hpa.at("/spec/scaleTargetRef/name").asText()).isEqualTo(FULLNAME);
        assertThat(only(manifests, "PodDisruptionBudget")
                        .at("/spec/minAvailable")
                        .asInt())
                .isEqualTo(2);
        assertThat(only(manifests, "Ingress").at("/spec/tls/0/secretName").asText())
                .isEqualTo("stagegate-tls");
        JsonNode endpoint = only(manifests, "ServiceMonitor").at("/spec/endpoints/0");
        assertThat(endpoint.get("path").asText()).isEqualTo("/actuator/prometheus");
        assertThat(endpoint.get("port").asText()).isEqualTo("management");
        assertThat(endpoint.at("/basicAuth/password/name").asText()).isEqualTo("stagegate-metrics-scraper");
    }

    @Test
    void testHookWaitsForReadiness() throws IOException {
        // helm-java's template leaves hooks out (lint renders them), so the hook is checked in its source
        String hook = Files.readString(CHART.resolve("templates/tests/test-connection.yaml"));

        assertThat(hook)
                .contains("\"helm.sh/hook\": test")
                .contains("{{ .Values.service.managementPort }}/actuator/health/readiness")
                .contains("{{ .Values.tests.timeoutSeconds }}")
                .contains("runAsNonRoot: true");
    }

    @Test
    void refusesH2WithMoreThanOneReplica() {
        assertThatThrownBy(() -> template(template -> template.withValuesFile(DEFAULT_VALUES)
                        .set("database.type", "h2")
                        .set("replicaCount", 2)))
                .hasMessageContaining("database.type=h2 allows exactly one replica (replicaCount is 2)");
    }

    @Test
    void refusesH2WithAutoscaling() {
        assertThatThrownBy(() -> template(template -> template.withValuesFile(DEFAULT_VALUES)
                        .set("database.type", "h2")
                        .set("replicaCount", 1)
                        .set("autoscaling.enabled", true)))
                .hasMessageContaining("database.type=h2 cannot be combined with autoscaling.enabled=true");
    }

    @Test
    void rendersH2WithOneReplicaRecreatedNotRolled() throws IOException {
        List<JsonNode> manifests = render(template -> template.withValuesFile(DEFAULT_VALUES)
                .set("database.type", "h2")
                .set("database.url", "")
                .set("replicaCount", 1));

        JsonNode deployment = only(manifests, "Deployment");
        assertThat(deployment.at("/spec/replicas").asInt()).isEqualTo(1);
        assertThat(deployment.at("/spec/strategy/type").asText()).isEqualTo("Recreate");
        assertThat(only(manifests, "ConfigMap").at("/data/DB_URL").asText())
                .startsWith("jdbc:h2:file:/var/lib/stagegate/")
                .contains("QUERY_CACHE_SIZE=256"); // H2's statement cache, as in application.yml
        assertThat(only(manifests, "ConfigMap")
                        .at("/data/SPRING_PROFILES_ACTIVE")
                        .asText())
                .isEqualTo("prod");
        assertThat(kinds(manifests)).doesNotContain("PodDisruptionBudget");
    }

    @Test
    void refusesAnUnknownDatabaseTypeThroughTheSchema() {
        assertThatThrownBy(() -> template(
                        template -> template.withValuesFile(DEFAULT_VALUES).set("database.type", "mysql")))
                .hasMessageContaining("/database/type");
    }

    @Test
    void refusesToRenderWithoutADatabasePassword() {
        assertThatThrownBy(() -> template(
                        template -> template.withValuesFile(DEFAULT_VALUES).set("database.password", "")))
                .hasMessageContaining("database.password is required");
    }

    @Test
    void refusesAShortAuditKey() {
        assertThatThrownBy(() -> template(
                        template -> template.withValuesFile(DEFAULT_VALUES).set("keys.auditHmacKey", "too-short")))
                .hasMessageContaining("keys.auditHmacKey must have at least 32 characters");
    }

    private String template(UnaryOperator<TemplateCommand> options) {
        return options.apply(new Helm(CHART).template().withName(RELEASE).withKubeVersion(KUBE_VERSION))
                .call();
    }

    private List<JsonNode> render(UnaryOperator<TemplateCommand> options) throws IOException {
        return parse(template(options));
    }

    private List<JsonNode> parse(String rendered) throws IOException {
        List<JsonNode> manifests = new ArrayList<>();
        try (MappingIterator<JsonNode> documents =
                yaml.readerFor(JsonNode.class).readValues(rendered)) {
            while (documents.hasNext()) {
                JsonNode document = documents.next();
                if (document != null && document.has("kind")) {
                    manifests.add(document);
                }
            }
        }
        return manifests;
    }

    private static JsonNode only(List<JsonNode> manifests, String kind) {
        List<JsonNode> ofKind = manifests.stream()
                .filter(manifest -> manifest.get("kind").asText().equals(kind))
                .toList();
        assertThat(ofKind).as("manifests of kind %s", kind).hasSize(1);
        return ofKind.get(0);
    }

    private static List<String> kinds(List<JsonNode> manifests) {
        return manifests.stream().map(manifest -> manifest.get("kind").asText()).toList();
    }

    private static boolean isSecret(String name) {
        return name.contains("PASSWORD") || name.contains("SECRET") || name.endsWith("_KEY");
    }

    private static void assertSecretReference(JsonNode container, String variable, String secret, String key) {
        JsonNode reference = StreamSupport.stream(container.get("env").spliterator(), false)
                .filter(env -> env.get("name").asText().equals(variable))
                .findFirst()
                .orElseThrow()
                .at("/valueFrom/secretKeyRef");
        assertThat(reference.get("name").asText()).as(variable).isEqualTo(secret);
        assertThat(reference.get("key").asText()).as(variable).isEqualTo(key);
    }
}

package io.stagegate.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class FunctionGroupsTests {

    @Test
    void mapsTheThreeDefaultFunctionsWithoutConfiguration() {
        FunctionGroups functions = bind(Map.of());
        assertThat(functions.groupOf("BUSINESS")).contains("business");
        assertThat(functions.groupOf("technology")).contains("technology");
        assertThat(functions.groupOf("COMPLIANCE")).contains("compliance");
        assertThat(functions.groupOf("RISK")).isEmpty();
    }

    @Test
    void addsAConfiguredFunctionAndKeepsTheDefaults() {
        FunctionGroups functions =
                bind(Map.of("stagegate.functions.RISK", "risk", "stagegate.functions.BUSINESS", "line-of-business"));
        assertThat(functions.groupOf("RISK")).contains("risk");
        assertThat(functions.groupOf("BUSINESS")).contains("line-of-business");
        assertThat(functions.functionNames()).containsExactly("BUSINESS", "COMPLIANCE", "RISK", "TECHNOLOGY");
    }

    @Test
    void acceptsFunctionNamesInLowerCaseAsEnvironmentVariablesDeliverThem() {
        FunctionGroups functions = bind(Map.of("stagegate.functions.data_protection", "dpo"));
        assertThat(functions.groupOf("DATA_PROTECTION")).contains("dpo");
    }

    @Test
    void dropsAFunctionMappedToNoGroup() {
        FunctionGroups functions = bind(Map.of("stagegate.functions.COMPLIANCE", ""));
        assertThat(functions.groupOf("COMPLIANCE")).isEmpty();
    }

    @Test
    void namesTheFunctionsAMemberOfSomeGroupsMaySignFor() {
        FunctionGroups functions = bind(Map.of("stagegate.functions.RISK", "compliance"));
        assertThat(functions.functionsOf(List.of("compliance", "pmo"))).containsExactly("COMPLIANCE", "RISK");
        assertThat(functions.functionsOf(List.of("contributor"))).isEmpty();
    }

    private static FunctionGroups bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("stagegate", FunctionGroups.class);
    }
}

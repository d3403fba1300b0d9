package io.stagegate.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The published description of Stagegate's API; Camunda's engine REST API is the second spec in Swagger UI. */
@Configuration
class OpenApiConfiguration {

    @Bean
    OpenAPI stagegateOpenApi() {
        return new OpenAPI()
                .info(new Info()
                        .title("Stagegate API")
                        .version("v1")
                        .description("Seven-phase gated lifecycle for enterprise LLM deployment projects. Errors are"
                                + " RFC 9457 problem details; lists are paged (page, size 1-200)."))
                .components(new Components()
                        .addSecuritySchemes(
                                "basic",
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.HTTP)
                                        .scheme("basic"))
                        .addSecuritySchemes(
                                "bearer",
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.HTTP)
                                        .scheme("bearer")
                                        .bearerFormat("JWT")))
                .addSecurityItem(new SecurityRequirement().addList("basic"))
                .addSecurityItem(new SecurityRequirement().addList("bearer"));
    }
}

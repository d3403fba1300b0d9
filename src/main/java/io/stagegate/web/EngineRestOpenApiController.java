package io.stagegate.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swagger.v3.oas.annotations.Hidden;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.springframework.core.io.ClassPathResource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Serves Camunda's own OpenAPI document of {@code /engine-rest} (shipped in camunda-engine-rest-openapi) with its
 * server set to this application, so Swagger UI can show and call it next to Stagegate's API.
 */
@RestController
@Hidden
class EngineRestOpenApiController {

    private final String document;

    EngineRestOpenApiController(ObjectMapper json) {
        try (InputStream in = new ClassPathResource("openapi.json").getInputStream()) {
            ObjectNode spec = (ObjectNode) json.readTree(in);
            spec.putArray("servers").addObject().put("url", "/engine-rest");
            this.document = json.writeValueAsString(spec);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read Camunda's engine REST OpenAPI document", e);
        }
    }

    @GetMapping(path = "/v3/api-docs/engine-rest", produces = "application/json")
    String engineRest() {
        return document;
    }
}

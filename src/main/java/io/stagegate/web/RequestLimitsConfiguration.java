package io.stagegate.web;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.converter.json.MappingJackson2HttpMessageConverter;

/**
 * Explicit limits on what a JSON body may hold, so that a hostile body is refused while it is parsed (400) instead of
 * costing memory and stack: no request of the contract nests deeper than a handful of levels, and no text field may
 * exceed 4,000 characters, so the limits sit far above legitimate use and far below Jackson's defaults (nesting 500
 * levels, strings 20 MB). Request, upload, header, parameter and multipart-part limits are Tomcat's and Spring's
 * properties in {@code application.yml} ({@code server.*}, {@code spring.servlet.multipart.*}), the JSON body size
 * is {@link JsonBodyLimitFilter}'s. Text values are refused when they hold control characters other than tab and line
 * breaks, or unpaired surrogates: no field of the contract needs them, PostgreSQL cannot store a NUL in a text
 * column, and they make audit files and logs lie about what they show. See ADR 0008.
 */
@Configuration(proxyBeanMethods = false)
class RequestLimitsConfiguration {

    static final int MAX_NESTING_DEPTH = 64;
    static final int MAX_STRING_LENGTH = 1024 * 1024;
    static final int MAX_NUMBER_LENGTH = 100;
    static final int MAX_NAME_LENGTH = 1024;

    static StreamReadConstraints readConstraints() {
        return StreamReadConstraints.builder()
                .maxNestingDepth(MAX_NESTING_DEPTH)
                .maxStringLength(MAX_STRING_LENGTH)
                .maxNumberLength(MAX_NUMBER_LENGTH)
                .maxNameLength(MAX_NAME_LENGTH)
                .build();
    }

    @Bean
    Jackson2ObjectMapperBuilderCustomizer jsonReadLimits() {
        return builder ->
                builder.postConfigurer(mapper -> mapper.getFactory().setStreamReadConstraints(readConstraints()));
    }

    /**
     * The JSON converter of the controllers reads with a copy of the application's mapper that also refuses
     * {@linkplain #isPlainText control characters} and a body with anything after its JSON value: the rule is for what arrives from outside, so data stored before
     * it existed can still be read back by the application's own mapper.
     */
    @Bean
    MappingJackson2HttpMessageConverter requestJsonConverter(ObjectMapper applicationMapper) {
        ObjectMapper requests = applicationMapper
                .copy()
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .registerModule(new SimpleModule("plain-text").addDeserializer(String.class, new PlainText()));
        return new MappingJackson2HttpMessageConverter(requests);
    }

    /** Whether {@code value} is text a person could have typed: no control characters, no unpaired surrogate. */
    static boolean isPlainText(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || (c >= 0x7f && c <= 0x9f)) {
                return false;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 == value.length() || !Character.isLowSurrogate(value.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /** Jackson's own string reading, then {@link #isPlainText}; a refusal names the field (400). */
    static final class PlainText extends StdScalarDeserializer<String> {

        PlainText() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            String value = StringDeserializer.instance.deserialize(parser, context);
            if (value != null && !isPlainText(value)) {
                return (String) context.handleWeirdStringValue(String.class, value, CONTROL_CHARACTERS);
            }
            return value;
        }
    }

    static final String CONTROL_CHARACTERS = "must not contain control characters";
}

package io.stagegate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Figures of one reliability scenario from the run that just happened (requests tried, kills survived, malformed
 * inputs tried, 5xx count, lost acknowledged writes …), written as {@code <scenario>.json} under
 * {@code ${sg.build.dir}/reliability/} so that the report generator can turn the last run into
 * {@code docs/reliability.md}. A scenario records only figures it measured, never a constant.
 */
public final class ReliabilityReport {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ReliabilityReport() {}

    public static Path directory() {
        return Path.of(System.getProperty("sg.build.dir", "target"), "reliability");
    }

    /**
     * @param scenario file-name-safe id, e.g. {@code concurrent-decisions-h2}
     * @param title one line saying what was tried, for the report
     * @param figures name → measured value, in the order they should be printed
     */
    public static void record(String scenario, String title, Map<String, ?> figures) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("scenario", scenario);
        document.put("title", title);
        document.put("recordedAt", Instant.now().toString());
        document.put("figures", new LinkedHashMap<>(figures));
        try {
            Files.createDirectories(directory());
            JSON.writeValue(directory().resolve(scenario + ".json").toFile(), document);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package io.stagegate.performance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/**
 * The benchmark measures the JVM options production runs on: the options are written in four places (the harness's
 * default, the {@code perf} profile's property, the chart's {@code javaOpts}, the image's JVM flags), and a change to
 * one of them alone would make every figure of record describe a process nobody deploys.
 */
class JvmOptionsTests {

    private final Document pom = parse(Path.of("pom.xml"));
    private final XPath xpath = XPathFactory.newInstance().newXPath();

    @Test
    void thePerfProfileDefaultsToTheHarnessDefault() throws Exception {
        assertThat(text("//*[local-name()='profile'][*[local-name()='id']='perf']"
                        + "/*[local-name()='properties']/*[local-name()='perf.jvmOptions']"))
                .isEqualTo(AppProcess.DEFAULT_JVM_OPTIONS);
    }

    @Test
    void theChartRunsTheContainerOnTheMeasuredOptions() throws Exception {
        String javaOpts = new YAMLMapper()
                .readTree(Path.of("helm", "stagegate", "values.yaml").toFile())
                .get("javaOpts")
                .asText();

        assertThat(AppProcess.options(javaOpts)).containsAll(AppProcess.options(AppProcess.DEFAULT_JVM_OPTIONS));
    }

    @Test
    void theImageStartsTheJvmOnTheMeasuredOptions() throws Exception {
        NodeList flags = (NodeList) xpath.evaluate("//*[local-name()='jvmFlag']", pom, XPathConstants.NODESET);
        List<String> jvmFlags = new ArrayList<>();
        for (int i = 0; i < flags.getLength(); i++) {
            jvmFlags.add(flags.item(i).getTextContent().trim());
        }

        assertThat(jvmFlags).containsAll(AppProcess.options(AppProcess.DEFAULT_JVM_OPTIONS));
    }

    private String text(String expression) throws Exception {
        return xpath.evaluate(expression, pom).trim();
    }

    private static Document parse(Path file) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            return factory.newDocumentBuilder().parse(file.toFile());
        } catch (Exception unreadable) {
            throw new IllegalStateException("Cannot read " + file, unreadable);
        }
    }
}

package io.kotanihub.kamelets;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;

import io.kotanihub.kotani.KotaniEndpoint;
import io.kotanihub.kotani.KotaniKamelets;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The Kamelet catalog: the top-level {@code kamelets/} folder and the jar's {@code classpath:kamelets/} hold the
 * same files byte for byte, and every Kamelet documents each of its properties.
 */
class KameletCatalogTest {

    static final Path FOLDER = Paths.get("kamelets");

    @Test
    void theJarCarriesExactlyTheFilesOfTheTopLevelFolder() throws Exception {
        List<String> files = names(FOLDER);
        assertThat(files).contains("kotani-mobile-money-withdrawal-sink.kamelet.yaml",
                "kotani-bank-withdrawal-sink.kamelet.yaml", "kotani-mobile-money-deposit-sink.kamelet.yaml",
                "kotani-webhook-source.kamelet.yaml", "kotani-withdrawal-status-action.kamelet.yaml");
        URL packaged = getClass().getClassLoader().getResource("kamelets");
        assertThat(packaged).isNotNull();
        Path onClasspath = Paths.get(packaged.toURI());
        assertThat(names(onClasspath)).isEqualTo(files);
        for (String file : files) {
            assertThat(Files.readAllBytes(onClasspath.resolve(file))).as(file)
                    .isEqualTo(Files.readAllBytes(FOLDER.resolve(file)));
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyKameletDocumentsItsPropertiesAndMarksSecretsAsPasswords() throws Exception {
        for (String file : names(FOLDER)) {
            Map<String, Object> kamelet;
            try (InputStream in = Files.newInputStream(FOLDER.resolve(file))) {
                kamelet = new Yaml().load(in);
            }
            assertThat(kamelet.get("kind")).as(file).isEqualTo("Kamelet");
            Map<String, Object> metadata = (Map<String, Object>) kamelet.get("metadata");
            assertThat(file).isEqualTo(metadata.get("name") + ".kamelet.yaml");
            Map<String, Object> labels = (Map<String, Object>) metadata.get("labels");
            assertThat(labels.get("camel.apache.org/kamelet.type")).as(file).isIn("source", "sink", "action");
            Map<String, Object> definition = (Map<String, Object>) ((Map<String, Object>) kamelet.get("spec"))
                    .get("definition");
            assertThat((String) definition.get("title")).as(file).isNotBlank();
            assertThat((String) definition.get("description")).as(file).isNotBlank();
            Map<String, Map<String, Object>> properties = (Map<String, Map<String, Object>>) definition.get("properties");
            assertThat(properties.keySet()).as(file).containsAll((List<String>) definition.get("required"));
            properties.forEach((name, property) -> {
                assertThat((String) property.get("title")).as(file + " " + name).isNotBlank();
                assertThat((String) property.get("description")).as(file + " " + name).isNotBlank();
                assertThat(property.get("type")).as(file + " " + name).isEqualTo("string");
                if (name.toLowerCase().contains("key") || name.toLowerCase().contains("secret")) {
                    assertThat(property.get("format")).as(file + " " + name).isEqualTo("password");
                    assertThat((List<String>) property.get("x-descriptors")).as(file + " " + name)
                            .contains("urn:camel:group:credentials", "urn:alm:descriptor:com.tectonic.ui:password");
                }
            });
        }
    }

    @Test
    void everyKotaniCallHasItsKameletAndEveryKameletIsAKotaniCallOrTheWebhookSource() throws Exception {
        TreeSet<String> expected = new TreeSet<>();
        expected.add(KotaniKamelets.WEBHOOK_SOURCE + ".kamelet.yaml");
        for (KotaniEndpoint endpoint : KotaniEndpoint.values()) {
            expected.add(KotaniKamelets.name(endpoint) + ".kamelet.yaml");
        }
        assertThat(expected).hasSize(KotaniEndpoint.values().length + 1);
        assertThat(names(FOLDER)).containsExactlyElementsOf(expected);
    }

    /** Each call's Kamelet calls the endpoint's path with its method, with the key exactly when the hub sends it. */
    @Test
    @SuppressWarnings("unchecked")
    void eachKameletMakesExactlyItsEndpointsCall() throws Exception {
        for (KotaniEndpoint endpoint : KotaniEndpoint.values()) {
            String file = KotaniKamelets.name(endpoint) + ".kamelet.yaml";
            Map<String, Object> kamelet;
            try (InputStream in = Files.newInputStream(FOLDER.resolve(file))) {
                kamelet = new Yaml().load(in);
            }
            Map<String, Object> spec = (Map<String, Object>) kamelet.get("spec");
            Map<String, Object> from = (Map<String, Object>) ((Map<String, Object>) spec.get("template")).get("from");
            List<Map<String, Object>> steps = (List<Map<String, Object>>) from.get("steps");
            List<Map<String, Object>> all = new ArrayList<>();
            flatten(steps, all);
            Map<String, Object> to = all.stream().filter(step -> step.containsKey("to"))
                    .map(step -> (Map<String, Object>) step.get("to")).findFirst().orElseThrow();
            String path = endpoint.path().endsWith("/") ? endpoint.path().substring(0, endpoint.path().length() - 1)
                    : endpoint.path();
            assertThat(to.get("uri")).as(file).isEqualTo("{{baseUrl}}" + path);
            assertThat(((Map<String, Object>) to.get("parameters")).get("httpMethod")).as(file)
                    .isEqualTo(endpoint.method());
            boolean sendsKey = all.stream().anyMatch(step -> step.containsKey("setHeader")
                    && "Authorization".equals(((Map<String, Object>) step.get("setHeader")).get("name")));
            assertThat(sendsKey).as(file).isEqualTo(KotaniKamelets.bearer(endpoint));
            Map<String, Object> definition = (Map<String, Object>) spec.get("definition");
            assertThat(((Map<String, Object>) definition.get("properties")).containsKey("apiKey")).as(file)
                    .isEqualTo(KotaniKamelets.bearer(endpoint));
            boolean takesParameter = all.stream().anyMatch(step -> step.containsKey("bean")
                    && "parameter".equals(((Map<String, Object>) step.get("bean")).get("method")));
            String after = KotaniKamelets.afterParameter(endpoint);
            assertThat(takesParameter).as(file).isEqualTo(after != null);
            if (after != null && !after.isEmpty()) {
                assertThat(all).as(file).anyMatch(step -> step.containsKey("setHeader")
                        && ("${header.CamelHttpPath}" + after).equals(
                                ((Map<String, Object>) step.get("setHeader")).get("simple")));
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static void flatten(Object node, List<Map<String, Object>> into) {
        if (node instanceof List<?> list) {
            list.forEach(item -> flatten(item, into));
        } else if (node instanceof Map<?, ?> map) {
            into.add((Map<String, Object>) map);
            map.values().forEach(value -> flatten(value, into));
        }
    }

    private static List<String> names(Path folder) throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".kamelet.yaml")).sorted()
                    .toList();
        }
    }
}

package dev.dervisher.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.dervisher.testing.Projects;

/**
 * src-native-config/: every file parses as the JSON native-image expects, every class it names is on the class path
 * (an SDK upgrade that renames one would make the entry silently useless), every resource pattern matches a resource
 * that exists, and each file is explained in the folder's README.
 */
class NativeConfigTest {

    private static final Path DIR = Projects.root().resolve("src-native-config");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyJsonFileParses() throws IOException {
        List<Path> files = jsonFiles();
        assertFalse(files.isEmpty(), "no configuration in " + DIR);
        for (Path file : files) {
            JSON.readTree(file.toFile()); // throws with the position of the error
        }
    }

    @Test
    void reflectionEntriesNameClassesThatExist() throws IOException {
        Path file = DIR.resolve("reflect-config.json");
        assertEquals(List.of(), reflectionProblems(JSON.readTree(file.toFile())));
    }

    @Test
    void resourcePatternsMatchResourcesThatExist() throws IOException {
        Path file = DIR.resolve("resource-config.json");
        assertEquals(List.of(), resourceProblems(JSON.readTree(file.toFile())));
    }

    @Test
    void everyFileIsExplainedInTheReadme() throws IOException {
        String readme = Files.readString(DIR.resolve("README.md"));
        for (Path file : jsonFiles()) {
            assertTrue(readme.contains("## " + file.getFileName()), file.getFileName() + " has no section in README.md");
        }
        JsonNode reflection = JSON.readTree(DIR.resolve("reflect-config.json").toFile());
        for (JsonNode entry : reflection) {
            assertTrue(readme.contains(entry.path("name").asText()), entry.path("name").asText() + " is not explained");
        }
    }

    @Test
    void theChecksFindWhatTheyAreFor() throws IOException {
        assertFalse(reflectionProblems(JSON.readTree("[{\"name\": \"software.amazon.awssdk.NoSuchClass\"}]")).isEmpty());
        assertFalse(reflectionProblems(JSON.readTree("{\"name\": \"java.lang.String\"}")).isEmpty(), "not an array");
        assertFalse(resourceProblems(JSON.readTree(
                "{\"resources\": {\"includes\": [{\"pattern\": \"\\\\Qsoftware.amazon.awssdk.http.SdkHttpService\\\\E\"}]}}"))
                .isEmpty(), "the url-connection-client's own pattern, which matches nothing");
        assertFalse(resourceProblems(JSON.readTree("{\"resources\": {\"includes\": [{\"pattern\": \"[\"}]}}")).isEmpty());
        assertFalse(resourceProblems(JSON.readTree("{\"resources\": []}")).isEmpty(), "no includes object");
    }

    static List<String> reflectionProblems(JsonNode config) {
        List<String> problems = new ArrayList<>();
        if (!config.isArray()) {
            return List.of("reflect-config.json is not an array");
        }
        for (JsonNode entry : config) {
            String name = entry.path("name").asText("");
            try {
                Class.forName(name, false, NativeConfigTest.class.getClassLoader());
            } catch (ClassNotFoundException | LinkageError e) {
                problems.add(name + " is not on the class path");
            }
        }
        return problems;
    }

    static List<String> resourceProblems(JsonNode config) {
        List<String> problems = new ArrayList<>();
        JsonNode includes = config.path("resources").path("includes");
        if (!includes.isArray() || includes.isEmpty()) {
            return List.of("resource-config.json has no resources.includes array");
        }
        for (JsonNode include : includes) {
            String pattern = include.path("pattern").asText();
            try {
                Pattern compiled = Pattern.compile(pattern);
                // Patterns of ours are literal (\Q…\E): the resource they name must exist on the class path.
                String literal = pattern.replace("\\Q", "").replace("\\E", "");
                if (!compiled.matcher(literal).matches()
                        || NativeConfigTest.class.getClassLoader().getResource(literal) == null) {
                    problems.add(pattern + " matches no resource on the class path");
                }
            } catch (PatternSyntaxException e) {
                problems.add(pattern + " is not a regular expression: " + e.getDescription());
            }
        }
        return problems;
    }

    private static List<Path> jsonFiles() throws IOException {
        try (Stream<Path> files = Files.list(DIR)) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        }
    }
}

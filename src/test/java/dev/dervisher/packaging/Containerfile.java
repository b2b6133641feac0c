package dev.dervisher.packaging;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A Containerfile (Dockerfile) read the way the builders read it, as far as the packaging checks need: comments
 * dropped, continuation lines joined, instructions grouped by stage, global {@code ARG} defaults substituted into
 * {@code FROM}.
 */
final class Containerfile {

    record Instruction(int line, String keyword, String arguments) {

        /** The JSON-array (exec) form of CMD/ENTRYPOINT/RUN, or empty for the shell form. */
        Optional<List<String>> execForm() {
            String text = arguments.strip();
            if (!text.startsWith("[")) {
                return Optional.empty();
            }
            try {
                return Optional.of(new ObjectMapper().readValue(text, new TypeReference<List<String>>() {
                }));
            } catch (IOException notJson) {
                return Optional.empty(); // the builders run a malformed array as a shell command
            }
        }
    }

    record Stage(int index, String image, String name, List<Instruction> instructions) {

        List<Instruction> all(String keyword) {
            return instructions.stream().filter(i -> i.keyword().equals(keyword)).toList();
        }

        Optional<Instruction> last(String keyword) {
            List<Instruction> found = all(keyword);
            return found.isEmpty() ? Optional.empty() : Optional.of(found.get(found.size() - 1));
        }

        /** The stages this one copies files from ({@code COPY --from=NAME}). */
        List<String> copiesFrom() {
            List<String> sources = new ArrayList<>();
            for (Instruction copy : all("COPY")) {
                Matcher from = Pattern.compile("--from=(\\S+)").matcher(copy.arguments());
                if (from.find()) {
                    sources.add(from.group(1));
                }
            }
            return sources;
        }

        String label() {
            return name != null ? name : "stage " + index;
        }
    }

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{(\\w+)(?::-([^}]*))?}|\\$(\\w+)");

    final Map<String, String> globalArgs = new LinkedHashMap<>();
    final List<Stage> stages = new ArrayList<>();
    final String text;

    private Containerfile(String text) {
        this.text = text;
    }

    static Containerfile read(Path file) {
        try {
            return parse(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Containerfile parse(String text) {
        Containerfile file = new Containerfile(text);
        String[] lines = text.split("\n", -1);
        StringBuilder pending = null;
        int start = 0;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            String trimmed = line.strip();
            if (trimmed.startsWith("#") || (pending == null && trimmed.isEmpty())) {
                continue; // comments, also between continuation lines, and blank lines
            }
            if (pending == null) {
                pending = new StringBuilder();
                start = i + 1;
            }
            if (trimmed.endsWith("\\")) {
                pending.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            pending.append(trimmed);
            file.add(start, pending.toString().strip());
            pending = null;
        }
        if (pending != null) {
            file.add(start, pending.toString().strip());
        }
        return file;
    }

    private void add(int line, String instruction) {
        if (instruction.isEmpty()) {
            return;
        }
        String[] parts = instruction.split("\\s+", 2);
        String keyword = parts[0].toUpperCase(Locale.ROOT);
        String arguments = parts.length > 1 ? parts[1] : "";
        if (keyword.equals("FROM")) {
            List<String> words = new ArrayList<>(List.of(arguments.split("\\s+")));
            words.removeIf(word -> word.startsWith("--"));
            String image = substitute(words.isEmpty() ? "" : words.get(0));
            String name = words.size() >= 3 && words.get(1).equalsIgnoreCase("AS") ? words.get(2) : null;
            stages.add(new Stage(stages.size(), image, name, new ArrayList<>()));
            return;
        }
        if (stages.isEmpty()) {
            if (keyword.equals("ARG")) {
                String[] nameValue = arguments.split("=", 2);
                globalArgs.put(nameValue[0].strip(), nameValue.length > 1 ? unquote(nameValue[1].strip()) : "");
            }
            return;
        }
        stages.get(stages.size() - 1).instructions().add(new Instruction(line, keyword, arguments));
    }

    private String substitute(String value) {
        Matcher matcher = VARIABLE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(1) != null ? matcher.group(1) : matcher.group(3);
            String fallback = matcher.group(2) != null ? matcher.group(2) : "";
            matcher.appendReplacement(out, Matcher.quoteReplacement(globalArgs.getOrDefault(name, fallback)));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
                || value.startsWith("'") && value.endsWith("'"))) {
            return value.substring(1, value.length() - 1);
        }
        return value;
    }

    Stage finalStage() {
        if (stages.isEmpty()) {
            throw new AssertionError("the Containerfile has no FROM");
        }
        return stages.get(stages.size() - 1);
    }

    Optional<Stage> stage(String name) {
        return stages.stream().filter(s -> name.equals(s.name())).findFirst();
    }
}

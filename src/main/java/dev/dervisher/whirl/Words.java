package dev.dervisher.whirl;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.random.RandomGenerator;

import jakarta.enterprise.context.ApplicationScoped;

/** The word lists shipped in {@code words/}: verbs become event classes, nouns event types, adverbs subtypes. */
@ApplicationScoped
public class Words {

    private final List<String> verbs = load("verbs");
    private final List<String> nouns = load("nouns");
    private final List<String> adverbs = load("adverbs");

    public String verb(RandomGenerator random) {
        return pick(verbs, random);
    }

    public String noun(RandomGenerator random) {
        return pick(nouns, random);
    }

    public String adverb(RandomGenerator random) {
        return pick(adverbs, random);
    }

    public List<String> verbs() {
        return verbs;
    }

    public List<String> nouns() {
        return nouns;
    }

    public List<String> adverbs() {
        return adverbs;
    }

    private static String pick(List<String> words, RandomGenerator random) {
        return words.get(random.nextInt(words.size()));
    }

    private static List<String> load(String list) {
        String resource = "words/" + list + ".txt";
        try (InputStream in = Words.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("word list " + resource + " is missing from the build");
            }
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                return reader.lines().map(String::strip).filter(word -> !word.isEmpty()).toList();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

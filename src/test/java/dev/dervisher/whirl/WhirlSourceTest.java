package dev.dervisher.whirl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class WhirlSourceTest {

    private final Words words = new Words();

    @Test
    void shipsHundredsOfWordsOfEachKind() {
        for (List<String> list : List.of(words.verbs(), words.nouns(), words.adverbs())) {
            assertTrue(list.size() >= 300, "hundreds of words: " + list.size());
            assertEquals(list.size(), new HashSet<>(list).size(), "no duplicates");
            assertTrue(list.stream().allMatch(w -> w.matches("[a-z]+")));
        }
    }

    @Test
    void aWhirlIsStartZeroToNineWordsAndCompleteUnderOneUow() {
        WhirlSource source = source(PartitionKeyPolicy.UOW, 1);
        Set<Integer> wordCounts = new HashSet<>();
        for (int i = 0; i < 500; i++) {
            List<Outgoing> whirl = source.nextWhirl();
            String uow = whirl.get(0).event().uowUid();
            UUID.fromString(uow);
            assertEquals("start", whirl.get(0).event().eventClass());
            assertEquals("complete", whirl.get(whirl.size() - 1).event().eventClass());
            assertEquals(i % 2 == 0 ? "back" : "forth", whirl.get(0).event().subtype());
            for (Outgoing event : whirl) {
                assertEquals(uow, event.event().uowUid());
                assertEquals(uow, event.partitionKey(), "partition key uow");
                assertEquals(new String(event.data(), StandardCharsets.UTF_8),
                        new String(EventJson.bytes(event.event()), StandardCharsets.UTF_8));
            }
            for (Outgoing word : whirl.subList(1, whirl.size() - 1)) {
                assertTrue(words.verbs().contains(word.event().eventClass()));
                assertTrue(words.nouns().contains(word.event().eventType()));
                assertTrue(words.adverbs().contains(word.event().subtype()));
            }
            wordCounts.add(whirl.size() - 2);
        }
        assertEquals(Set.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), wordCounts, "every count from 0 to 9 occurs");
    }

    @Test
    void serviceEventsHaveNoUowAndGoUnderTheName() {
        Outgoing start = source(PartitionKeyPolicy.UOW, 1).serviceStart();
        assertEquals(null, start.event().uowUid());
        assertEquals("mimi", start.partitionKey());
        assertTrue(new String(start.data(), StandardCharsets.UTF_8).endsWith(",\"uow_uid\":null}"));
        Outgoing random = source(PartitionKeyPolicy.RANDOM, 1).serviceStart();
        UUID.fromString(random.partitionKey());
        assertNotEquals(random.event().eventId(), random.partitionKey());
    }

    @Test
    void theJsonKeepsTheOriginalKeysSortedWithEventIdAdded() {
        WhirlEvent event = new WhirlEvent(1700000000123L, "dev", "start", "e-1", "whirl", "mimi", false, "back",
                "u-1");
        assertEquals("{\"at\":1700000000123,\"env\":\"dev\",\"event_class\":\"start\",\"event_id\":\"e-1\","
                + "\"event_type\":\"whirl\",\"event_version\":\"0.2\",\"name\":\"mimi\",\"pretty\":false,"
                + "\"subtype\":\"back\",\"uow_uid\":\"u-1\"}", new String(EventJson.bytes(event), StandardCharsets.UTF_8));
    }

    private WhirlSource source(PartitionKeyPolicy policy, long seed) {
        return new WhirlSource(words, "mimi", "dev", false, policy, seed, () -> 42L);
    }
}

package dev.dervisher.whirl;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.LongSupplier;

/**
 * Makes the events of one dervisher. With the same seed it makes the same sequence of words, word counts, ids and
 * partition keys; only {@code at} (the wall clock) differs between two runs.
 */
public final class WhirlSource {

    public static final int MAX_WORDS_PER_WHIRL = 9;

    private final Words words;
    private final String name;
    private final String env;
    private final boolean pretty;
    private final PartitionKeyPolicy policy;
    private final SplittableRandom random;
    private final LongSupplier epochMillis;
    private long whirls;

    public WhirlSource(Words words, String name, String env, boolean pretty, PartitionKeyPolicy policy, long seed,
            LongSupplier epochMillis) {
        this.words = words;
        this.name = name;
        this.env = env;
        this.pretty = pretty;
        this.policy = policy;
        this.random = new SplittableRandom(seed);
        this.epochMillis = epochMillis;
    }

    public Outgoing serviceStart() {
        return serviceEvent("start");
    }

    public Outgoing serviceStop() {
        return serviceEvent("stop");
    }

    /** The events of the next whirl: start, zero to nine word events, complete; subtypes alternate back, forth. */
    public List<Outgoing> nextWhirl() {
        String uow = uuid();
        String direction = (whirls++ % 2 == 0) ? "back" : "forth";
        int wordCount = random.nextInt(MAX_WORDS_PER_WHIRL + 1);
        List<Outgoing> events = new ArrayList<>(wordCount + 2);
        events.add(outgoing("start", "whirl", direction, uow));
        for (int i = 0; i < wordCount; i++) {
            events.add(outgoing(words.verb(random), words.noun(random), words.adverb(random), uow));
        }
        events.add(outgoing("complete", "whirl", direction, uow));
        return events;
    }

    private Outgoing serviceEvent(String eventClass) {
        return outgoing(eventClass, "service", "whirl", null);
    }

    private Outgoing outgoing(String eventClass, String eventType, String subtype, String uow) {
        WhirlEvent event = new WhirlEvent(epochMillis.getAsLong(), env, eventClass, uuid(), eventType, name, pretty,
                subtype, uow);
        String key = switch (policy) {
            case UOW -> uow != null ? uow : name;
            case RANDOM -> uuid();
        };
        return new Outgoing(event, EventJson.bytes(event), key);
    }

    /** A version-4 UUID drawn from the seeded generator. */
    private String uuid() {
        long most = (random.nextLong() & ~0xF000L) | 0x4000L;
        long least = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(most, least).toString();
    }
}

package dev.dervisher.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The summary line a run ends with, parsed, and its own arithmetic checked. */
public record Summary(String name, long whirls, long posted, long failed, double seconds, long generated,
        long delivered, long refused, long undelivered, long retried, long maxLagMillis, long skipped) {

    private static final Pattern LINE = Pattern.compile("dervisher (\\S+) stopped: (\\d+) whirls, (\\d+) events posted,"
            + " (\\d+) failed in ([\\d.]+) s \\(generated (\\d+) = delivered (\\d+) \\+ refused (\\d+) \\+ undelivered"
            + " (\\d+); retried (\\d+); put p50 \\d+ ms, p99 \\d+ ms; max schedule lag (\\d+) ms, (\\d+) whirls"
            + " skipped\\)");

    /** Finds the summary among a run's stdout lines; fails when there is none or it does not add up. */
    public static Summary of(List<String> stdout) {
        for (String line : stdout) {
            Matcher m = LINE.matcher(line.strip());
            if (m.find()) {
                Summary summary = new Summary(m.group(1), Long.parseLong(m.group(2)), Long.parseLong(m.group(3)),
                        Long.parseLong(m.group(4)), Double.parseDouble(m.group(5)), Long.parseLong(m.group(6)),
                        Long.parseLong(m.group(7)), Long.parseLong(m.group(8)), Long.parseLong(m.group(9)),
                        Long.parseLong(m.group(10)), Long.parseLong(m.group(11)), Long.parseLong(m.group(12)));
                assertEquals(summary.generated, summary.delivered + summary.refused + summary.undelivered,
                        "generated = delivered + refused + undelivered: " + line);
                assertEquals(summary.delivered, summary.posted, "events posted are the delivered ones: " + line);
                assertEquals(summary.refused + summary.undelivered, summary.failed, "failed: " + line);
                return summary;
            }
        }
        throw new AssertionError("no summary line in:\n" + String.join("\n", stdout));
    }
}

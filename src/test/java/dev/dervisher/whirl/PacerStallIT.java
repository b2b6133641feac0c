package dev.dervisher.whirl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import com.fasterxml.jackson.databind.JsonNode;

import dev.dervisher.testing.KinesisLocal;
import dev.dervisher.testing.Packaged;
import dev.dervisher.testing.Runs;
import dev.dervisher.testing.StreamReader;
import dev.dervisher.testing.Streams;
import dev.dervisher.testing.Summary;

/**
 * The packaged dervisher frozen with a real SIGSTOP mid-run and thawed with SIGCONT: the summary reports the stall as
 * its max schedule lag and the whirls it skipped, the pacer catches up with at most one second of whirls at once (as
 * the events' timestamps on the stream show), and every whirl due in the run either ran or was skipped.
 */
class PacerStallIT {

    private static final Duration STALL = Duration.ofSeconds(4);

    @Test
    @Timeout(180)
    void aStoppedProcessSkipsWhatItMissedAndCatchesUpWithinTheAllowance() throws Exception {
        KinesisLocal local = KinesisLocal.shared();
        String stream = Runs.uniqueStream("stall");
        try (Packaged app = Packaged.start(local.awsEnvironment(), "stella", "600", "1", "--stream", stream,
                "--duration", "12s", "--quiet")) {
            app.awaitLine(line -> line.startsWith("whirling stella into stream"), Duration.ofSeconds(60));
            Thread.sleep(2_500);
            app.signal("STOP");
            Thread.sleep(STALL.toMillis());
            app.signal("CONT");
            assertEquals(0, app.awaitExit(Duration.ofSeconds(90)), app.describe());

            Summary summary = Summary.of(app.out());
            assertTrue(summary.maxLagMillis() >= STALL.toMillis() - 500 && summary.maxLagMillis() < 10_000,
                    "the stall shows as the max schedule lag: " + summary);
            // 12 s at 600 rpm is 120 whirls; of the ~40 due during the stall all but the last second's are skipped.
            long expectedSkipped = (STALL.toMillis() - 1_000) / 100;
            assertTrue(Math.abs(summary.skipped() - expectedSkipped) <= 8,
                    "about " + expectedSkipped + " whirls skipped: " + summary);
            assertTrue(Math.abs(summary.whirls() + summary.skipped() - 120) <= 1,
                    "every whirl due ran or was skipped: " + summary);
            assertEquals(summary.generated(), summary.delivered());

            // The burst after the stall, seen in the start events' wall-clock times: at most one second of
            // schedule (10 periods) + 1 whirls start together, and the catch-up did happen.
            List<Long> starts = new ArrayList<>();
            for (StreamReader.Read read : StreamReader.readAll(local.client(), stream)) {
                JsonNode event = Runs.parse(read.data());
                if (event.get("event_class").asText().equals("start") && !event.get("uow_uid").isNull()) {
                    starts.add(event.get("at").asLong());
                }
            }
            assertEquals(summary.whirls(), starts.size());
            Collections.sort(starts);
            int burst = 0;
            for (int i = 0, j = 0; i < starts.size(); i++) {
                while (starts.get(i) - starts.get(j) > 50) {
                    j++;
                }
                burst = Math.max(burst, i - j + 1);
            }
            System.out.println("PacerStallIT: " + summary + "; largest burst " + burst + " whirls");
            assertTrue(burst <= 11 + 1, "whirls starting within 50 ms: " + burst);
            assertTrue(burst >= 8, "the pacer caught up on the last second at once: " + burst);
        } finally {
            Streams.delete(local.client(), stream);
        }
    }
}

package dev.dervisher.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.dervisher.testing.KinesisLocal;
import dev.dervisher.testing.KinesisLocalResource;
import dev.dervisher.testing.ReadBack;
import dev.dervisher.testing.Runs;
import dev.dervisher.testing.StreamReader;
import dev.dervisher.testing.StreamReader.Read;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainIntegrationTest;
import io.quarkus.test.junit.main.QuarkusMainLauncher;

/** The packaged artifact (jar, or native executable with -Dnative) run as its own process. */
@QuarkusMainIntegrationTest
@WithTestResource(KinesisLocalResource.class)
class PackagedRunIT {

    @Test
    void whirlsIntoKinesisAndEverythingPostedIsOnTheStream(QuarkusMainLauncher launcher) {
        String stream = Runs.uniqueStream("packaged");
        LaunchResult run = launcher.launch("pack", "3000", "2", "--stream", stream, "--whirls", "20");
        assertEquals(0, run.exitCode(), run.getErrorOutput());
        List<String> posted = Runs.posted(run.getOutputStream());
        List<Read> onStream = StreamReader.readAll(KinesisLocal.shared().client(), stream);
        ReadBack.assertRunIsOnTheStream(posted, onStream, 20);
        assertTrue(run.getOutput().contains("dervisher pack stopped: 20 whirls, " + posted.size()
                + " events posted, 0 failed"), run.getOutput());
    }
}

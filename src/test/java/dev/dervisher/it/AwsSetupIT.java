package dev.dervisher.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.dervisher.testing.FakeSts;
import dev.dervisher.testing.KinesisLocal;
import dev.dervisher.testing.Packaged;
import dev.dervisher.testing.Runs;

/**
 * Credentials, region and account, as the packaged app finds them through the AWS SDK's own chains. The instance
 * metadata service is pointed at a closed loopback port: unreachable, as on a laptop, without sending anything off
 * this machine.
 */
class AwsSetupIT {

    private final KinesisLocal kinesis = KinesisLocal.shared();

    private Map<String, String> environment() {
        Map<String, String> environment = new HashMap<>(kinesis.awsEnvironment());
        environment.remove("AWS_EC2_METADATA_DISABLED");
        environment.put("AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://127.0.0.1:" + KinesisLocal.freePort());
        return environment;
    }

    @Test
    void noRegionAnywhereIsAnAccountFailureAndDoesNotHang() {
        Map<String, String> environment = environment();
        environment.remove("AWS_REGION");
        assertFailsQuickly(environment, 3, "no AWS region: pass --region, set AWS_REGION");
    }

    @Test
    void noCredentialsAnywhereIsAnAccountFailure() {
        Map<String, String> environment = environment();
        environment.remove("AWS_ACCESS_KEY_ID");
        environment.remove("AWS_SECRET_ACCESS_KEY");
        assertFailsQuickly(environment, 3, "no AWS credentials");
    }

    @Test
    void theAccountIsReportedWhenAnStsEndpointIsConfigured() throws Exception {
        String stream = Runs.uniqueStream("sts");
        try (FakeSts sts = FakeSts.answering()) {
            Map<String, String> environment = environment();
            environment.put("AWS_ENDPOINT_URL_STS", sts.endpoint().toString());
            try (Packaged app = Packaged.start(environment, "acct", "600", "1", "--stream", stream, "--whirls",
                    "1")) {
                assertEquals(0, app.awaitExit(Duration.ofSeconds(60)), app.describe());
                assertTrue(app.out().contains("account " + FakeSts.ACCOUNT + " in us-east-1"), app.describe());
                assertEquals(1, sts.calls());
            }
        }
    }

    @Test
    void credentialsThatStsRejectsAreAnAccountFailure() throws Exception {
        try (FakeSts sts = FakeSts.denying()) {
            Map<String, String> environment = environment();
            environment.put("AWS_ENDPOINT_URL_STS", sts.endpoint().toString());
            assertFailsQuickly(environment, 3, "STS GetCallerIdentity failed in us-east-1: InvalidClientTokenId");
        }
    }

    @Test
    void theRegionOptionWinsOverTheEnvironment() {
        Map<String, String> environment = environment();
        environment.put("AWS_REGION", "eu-west-1");
        String stream = Runs.uniqueStream("region");
        try (Packaged app = Packaged.start(environment, "reg", "600", "1", "--stream", stream, "--whirls", "1",
                "--region", "us-east-1")) {
            assertEquals(0, app.awaitExit(Duration.ofSeconds(60)), app.describe());
            assertTrue(app.out().stream().anyMatch(l -> l.startsWith("account not checked in us-east-1")),
                    app.describe());
        }
    }

    private static void assertFailsQuickly(Map<String, String> environment, int exitCode, String message) {
        long started = System.nanoTime();
        try (Packaged app = Packaged.start(environment, "mimi", "20", "1")) {
            int exit = app.awaitExit(Duration.ofSeconds(60));
            double seconds = (System.nanoTime() - started) / 1e9;
            assertEquals(exitCode, exit, app.describe());
            String err = String.join("\n", app.err());
            assertTrue(err.contains(message), app.describe());
            assertFalse(err.contains("\tat "), "one line, no stack trace: " + err);
            assertFalse(err.contains(KinesisLocal.SECRET_KEY), "no secret printed");
            assertTrue(seconds < 30, "answered in " + seconds + " s");
        }
    }
}

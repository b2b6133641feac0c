package dev.dervisher.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;

/** Bad input ends with exit code 2, one clear line and the usage, before any AWS call (no AWS is configured here). */
@QuarkusMainTest
class BadInputTest {

    static Stream<Arguments> badInput() {
        return Stream.of(
                Arguments.of(new String[] {}, "Required: [name] [rpm] [shards]"),
                Arguments.of(new String[] { "mimi" }, "Required: [name] [rpm] [shards]"),
                Arguments.of(new String[] { "mimi", "20" }, "Required: [name] [rpm] [shards]"),
                Arguments.of(new String[] { "mimi", "0", "2" }, "RPM must be more than 0"),
                Arguments.of(new String[] { "mimi", "-1", "2" }, "RPM must be more than 0"),
                Arguments.of(new String[] { "mimi", "abc", "2" }, "RPM must be a positive number"),
                Arguments.of(new String[] { "mimi", "NaN", "2" }, "RPM must be a positive number"),
                Arguments.of(new String[] { "mimi", "1e-9", "2" }, "RPM must be more than 0, from 0.01"),
                Arguments.of(new String[] { "mimi", "20", "0" }, "(SHARDS): expected a positive whole number"),
                Arguments.of(new String[] { "mimi", "20", "-1" }, "(SHARDS): expected a positive whole number"),
                Arguments.of(new String[] { "mimi", "20", "2.5" }, "(SHARDS): expected a positive whole number"),
                Arguments.of(new String[] { "mimi", "20", "2", "extra" }, "Unmatched argument"),
                Arguments.of(new String[] { "mimi", "20", "2", "--stream", "a/b" }, "a stream name is 1 to 128"),
                Arguments.of(new String[] { "mimi", "20", "2", "--stream", "has space" }, "a stream name is"),
                Arguments.of(new String[] { "mimi", "20", "2", "--stream", "" }, "a stream name is"),
                Arguments.of(new String[] { "mimi", "20", "2", "--stream", "s".repeat(129) }, "a stream name is"),
                Arguments.of(new String[] { "mimi", "20", "2", "--endpoint-url", "ht!tp://x" },
                        "is not a valid endpoint URL"),
                Arguments.of(new String[] { "mimi", "20", "2", "--endpoint-url", "127.0.0.1:4568" },
                        "is not a valid endpoint URL"),
                Arguments.of(new String[] { "mimi", "20", "2", "--duration", "5x" }, "expected a positive duration"),
                Arguments.of(new String[] { "mimi", "20", "2", "--duration", "0s" }, "expected a positive duration"),
                Arguments.of(new String[] { "mimi", "20", "2", "--flush-timeout", "999999d" }, "at most 365 days"),
                Arguments.of(new String[] { "mimi", "20", "2", "--endpoint-url", "http://127.0.0.1:99999" },
                        "is not a valid endpoint URL"),
                Arguments.of(new String[] { "mimi", "20", "2", "--region", "" }, "expected an AWS region"),
                Arguments.of(new String[] { "mimi", "20", "2", "--wait-timeout", "-5m" },
                        "expected a positive duration"),
                Arguments.of(new String[] { "mimi", "20", "2", "--whirls", "0" }, "expected a positive whole number"),
                Arguments.of(new String[] { "mimi", "20", "2", "--partition-key", "shard" }, "--partition-key"),
                Arguments.of(new String[] { "mimi", "20", "2", "--log-format", "xml" }, "--log-format"),
                Arguments.of(new String[] { "mimi", "20", "2", "--http-port", "70000" }, "expected a TCP port"),
                Arguments.of(new String[] { "mimi", "20", "2", "--seed", "x" }, "--seed"),
                Arguments.of(new String[] { "mimi", "20", "2", "--bogus" }, "Unknown option: '--bogus'"));
    }

    @ParameterizedTest
    @MethodSource("badInput")
    void isRefusedWithExitCode2AndTheUsage(String[] args, String message, QuarkusMainLauncher launcher) {
        LaunchResult result = launcher.launch(args);
        assertEquals(2, result.exitCode(), result.getOutput() + result.getErrorOutput());
        assertTrue(result.getErrorOutput().startsWith("dervisher: "), result.getErrorOutput());
        assertTrue(result.getErrorOutput().contains(message), result.getErrorOutput());
        assertTrue(result.getErrorOutput().contains("Usage: dervisher"), "usage follows the message");
        assertFalse(result.getOutput().contains("starts whirling"), "nothing was attempted");
        assertFalse(result.getErrorOutput().contains("\tat "), "no stack trace");
    }

    @Test
    void helpDocumentsEveryOptionItsConfigurationAndTheExitCodes(QuarkusMainLauncher launcher) {
        LaunchResult result = launcher.launch("--help");
        assertEquals(0, result.exitCode());
        String help = result.getOutput();
        for (String option : new String[] { "--stream", "--env", "--whirls", "--duration", "--seed",
                "--partition-key", "--pretty", "--quiet", "--region", "--endpoint-url", "--wait-timeout",
                "--flush-timeout", "--check", "--log-format", "--http-port", "--help", "--version",
                "DERVISHER_<NAME>", "dervisher.<name>", "Default: dervish", "Default: 5m", "Default: 30s" }) {
            assertTrue(help.contains(option), option + " is documented:\n" + help);
        }
        for (String code : new String[] { "0   done", "1   anything unexpected", "2   bad usage",
                "3   credentials, region", "4   stream cannot be provisioned", "5   events could not be delivered" }) {
            assertTrue(help.contains(code), "exit code '" + code + "' is documented:\n" + help);
        }
    }

    @Test
    void versionIsPrinted(QuarkusMainLauncher launcher) {
        LaunchResult result = launcher.launch("--version");
        assertEquals(0, result.exitCode());
        assertTrue(result.getOutput().matches("(?s)dervisher \\d+\\.\\d+.*"), result.getOutput());
    }
}

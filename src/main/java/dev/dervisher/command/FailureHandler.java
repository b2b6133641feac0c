package dev.dervisher.command;

import dev.dervisher.DervisherException;
import dev.dervisher.ExitCodes;
import dev.dervisher.Output;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/** Maps every failure to its documented exit code; an expected one gets a single line, never a stack trace. */
final class FailureHandler implements IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception failure, CommandLine commandLine, ParseResult parsed) {
        Output out = commandLine.getCommand() instanceof WhirlCommand command ? command.output() : null;
        if (out == null) {
            out = new Output(commandLine.getOut(), commandLine.getErr(), Output.Format.TEXT);
        }
        if (failure instanceof DervisherException expected) {
            out.error("dervisher: " + expected.getMessage());
            return expected.exitCode();
        }
        if (failure instanceof InterruptedException) {
            out.error("dervisher: interrupted");
            return ExitCodes.UNEXPECTED;
        }
        out.error("dervisher: unexpected failure: " + failure);
        failure.printStackTrace(commandLine.getErr());
        commandLine.getErr().flush();
        return ExitCodes.UNEXPECTED;
    }
}

package dev.dervisher.command;

import java.io.PrintWriter;

import dev.dervisher.ExitCodes;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/** Bad usage: the one line that says what is wrong, the synopsis, and where the full help is; exit code 2. */
final class UsageErrorHandler implements IParameterExceptionHandler {

    @Override
    public int handleParseException(ParameterException failure, String[] args) {
        CommandLine commandLine = failure.getCommandLine();
        PrintWriter err = commandLine.getErr();
        err.println("dervisher: " + failure.getMessage());
        UnmatchedArgumentException.printSuggestions(failure, err);
        CommandLine.Help help = commandLine.getHelp();
        err.print(help.synopsisHeading());
        err.print(help.synopsis(help.synopsisHeadingLength()));
        err.println("Try 'dervisher --help' for the options, their configuration and the exit codes.");
        err.flush();
        return ExitCodes.USAGE;
    }
}

package dev.dervisher;

/** An expected failure: it carries the documented exit code and one actionable line for the user. */
public class DervisherException extends RuntimeException {

    private final int exitCode;

    public DervisherException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public DervisherException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}

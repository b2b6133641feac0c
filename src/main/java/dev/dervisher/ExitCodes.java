package dev.dervisher;

/** The documented exit codes (README, --help). */
public final class ExitCodes {
    public static final int DONE = 0;
    public static final int UNEXPECTED = 1;
    public static final int USAGE = 2;
    public static final int ACCOUNT = 3;
    public static final int STREAM = 4;
    public static final int DELIVERY = 5;

    private ExitCodes() {
    }
}

package dev.dervisher.whirl;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Takes SIGINT and SIGTERM over from the JVM's shutdown for the length of a run, so that a signal ends the run the
 * orderly way (stop event, flush, summary, exit 0) instead of tearing the process down.
 */
final class StopSignals implements AutoCloseable {

    private static final String[] NAMES = { "INT", "TERM" };

    private final Map<Signal, SignalHandler> previous = new HashMap<>();

    private StopSignals() {
    }

    /** @param onSignal called with "SIGINT" or "SIGTERM", on a signal-handling thread, for every signal */
    static StopSignals install(Consumer<String> onSignal) {
        StopSignals signals = new StopSignals();
        for (String name : NAMES) {
            Signal signal = new Signal(name);
            try {
                signals.previous.put(signal, Signal.handle(signal, s -> onSignal.accept("SIG" + s.getName())));
            } catch (IllegalArgumentException unsupported) {
                // The signal is reserved here (for instance by the JVM's -Xrs): leave it to the default handling.
            }
        }
        return signals;
    }

    @Override
    public void close() {
        previous.forEach(Signal::handle);
    }
}

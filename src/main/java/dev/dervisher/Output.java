package dev.dervisher;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.IOException;
import java.time.Instant;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

/**
 * Everything dervisher tells its user goes through here: facts to stdout, failures and warnings to stderr, either as
 * text lines or (--log-format json) as one JSON object per line carrying the same facts.
 */
public final class Output {

    public enum Format {
        TEXT, JSON
    }

    private static final JsonFactory JSON = new JsonFactory();

    private final PrintWriter out;
    private final PrintWriter err;
    private final Format format;
    private boolean liveLineShown;

    public Output(PrintWriter out, PrintWriter err, Format format) {
        this.out = out;
        this.err = err;
        this.format = format;
    }

    public void info(String line) {
        write(out, "info", line, null);
    }

    public void warn(String line) {
        write(err, "warn", line, null);
    }

    public void error(String line) {
        write(err, "error", line, null);
    }

    /** The per-event line: {@code posting {json}}, the record's bytes as they go to Kinesis. */
    public void posting(String record) {
        if (format == Format.TEXT) {
            synchronized (this) {
                clearLiveLine();
                out.print("posting ");
                out.println(record);
            }
        } else {
            write(out, "info", "posting", record);
        }
    }

    /** A line that rewrites itself on a terminal (progress); never used for JSON output. */
    public synchronized void live(String line) {
        out.print("\r" + line + "\u001B[K");
        out.flush();
        liveLineShown = true;
    }

    private void clearLiveLine() {
        if (liveLineShown) {
            out.print("\r\u001B[K");
            liveLineShown = false;
        }
    }

    public Format format() {
        return format;
    }

    public synchronized void flush() {
        out.flush();
        err.flush();
    }

    private synchronized void write(PrintWriter to, String level, String message, String record) {
        if (format == Format.TEXT) {
            clearLiveLine();
            to.println(message);
            to.flush();
            return;
        }
        StringWriter line = new StringWriter(128);
        try (JsonGenerator json = JSON.createGenerator(line)) {
            json.writeStartObject();
            json.writeStringField("time", Instant.now().toString());
            json.writeStringField("level", level);
            json.writeStringField("message", message);
            if (record != null) {
                json.writeStringField("record", record);
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        to.println(line);
        to.flush();
    }
}

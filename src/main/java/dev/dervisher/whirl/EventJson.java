package dev.dervisher.whirl;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;

/**
 * Writes events with Jackson's streaming generator, keys in sorted order, no reflection (nothing to configure for the
 * native image).
 */
public final class EventJson {

    private static final JsonFactory FACTORY = new JsonFactory();

    private EventJson() {
    }

    public static byte[] bytes(WhirlEvent event) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(320);
        try (JsonGenerator json = FACTORY.createGenerator(buffer)) {
            if (event.pretty()) {
                json.setPrettyPrinter(new DefaultPrettyPrinter());
            }
            json.writeStartObject();
            json.writeNumberField("at", event.at());
            json.writeStringField("env", event.env());
            json.writeStringField("event_class", event.eventClass());
            json.writeStringField("event_id", event.eventId());
            json.writeStringField("event_type", event.eventType());
            json.writeStringField("event_version", WhirlEvent.EVENT_VERSION);
            json.writeStringField("name", event.name());
            json.writeBooleanField("pretty", event.pretty());
            json.writeStringField("subtype", event.subtype());
            json.writeFieldName("uow_uid");
            if (event.uowUid() == null) {
                json.writeNull();
            } else {
                json.writeString(event.uowUid());
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.toByteArray();
    }
}

package dev.tributary.functions.fetch;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.tributary.core.format.LogRecord;
import dev.tributary.core.format.RecordHeader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Writes a fetch answer as JSON with a streaming generator: a fetch can carry thousands
 * of records, and building a map per record cost more CPU than reading them from S3.
 * Stateless and thread-safe.
 */
final class FetchResponseWriter {
    private static final JsonFactory FACTORY = new JsonFactory();

    private FetchResponseWriter() {
    }

    static byte[] write(FetchService.FetchResult result) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(estimate(result));
        try (JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeArrayFieldStart("records");
            for (LogRecord r : result.records()) {
                g.writeStartObject();
                g.writeNumberField("offset", r.offset());
                g.writeNumberField("timestamp", r.timestampMs());
                writeBytes(g, "key", r.key(), result.base64());
                writeBytes(g, "value", r.value(), result.base64());
                g.writeObjectFieldStart("headers");
                for (RecordHeader h : r.headers()) {
                    writeBytes(g, h.key(), h.value(), result.base64());
                }
                g.writeEndObject();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeNumberField("nextOffset", result.nextOffset());
            g.writeNumberField("highWatermark", result.highWatermark());
            g.writeNumberField("logStartOffset", result.logStartOffset());
            if (!result.corruptRanges().isEmpty()) {
                g.writeArrayFieldStart("corruptRanges");
                for (FetchService.CorruptRange c : result.corruptRanges()) {
                    g.writeStartObject();
                    g.writeNumberField("fromOffset", c.fromOffset());
                    g.writeNumberField("toOffset", c.toOffset());
                    g.writeStringField("errorCode", "CORRUPT_BATCH");
                    g.writeStringField("detail", c.detail());
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void writeBytes(JsonGenerator g, String field, byte[] bytes, boolean base64) throws IOException {
        if (bytes == null) {
            g.writeNullField(field);
        } else if (base64) {
            g.writeStringField(field, Base64.getEncoder().encodeToString(bytes));
        } else {
            g.writeStringField(field, new String(bytes, StandardCharsets.UTF_8));
        }
    }

    private static int estimate(FetchService.FetchResult result) {
        long size = 128;
        for (LogRecord r : result.records()) {
            size += 96 + (r.key() == null ? 0 : r.key().length) + (r.value() == null ? 0 : r.value().length);
        }
        return (int) Math.min(size, 64L * 1024 * 1024);
    }
}

package dev.tributary.functions.fetch;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.tributary.core.api.FetchResponse;
import dev.tributary.core.format.LogRecord;
import dev.tributary.core.format.RecordHeader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Writes a fetch answer, a {@link FetchResponse}, as JSON with a streaming generator: a fetch
 * can carry thousands of records, and building an object per record (strings for keys,
 * values and headers) cost more CPU and memory than reading them from S3. The field names
 * are the record's components, looked up when the class loads, so renaming a component
 * without changing this writer fails at once instead of drifting from what the SDK reads.
 * Stateless and thread-safe.
 */
final class FetchResponseWriter {
    private static final JsonFactory FACTORY = new JsonFactory();

    private static final String RECORDS = field(FetchResponse.class, "records");
    private static final String NEXT_OFFSET = field(FetchResponse.class, "nextOffset");
    private static final String HIGH_WATERMARK = field(FetchResponse.class, "highWatermark");
    private static final String LOG_START_OFFSET = field(FetchResponse.class, "logStartOffset");
    private static final String CORRUPT_RANGES = field(FetchResponse.class, "corruptRanges");
    private static final String OFFSET = field(FetchResponse.FetchedRecord.class, "offset");
    private static final String TIMESTAMP = field(FetchResponse.FetchedRecord.class, "timestamp");
    private static final String KEY = field(FetchResponse.FetchedRecord.class, "key");
    private static final String VALUE = field(FetchResponse.FetchedRecord.class, "value");
    private static final String HEADERS = field(FetchResponse.FetchedRecord.class, "headers");
    private static final String FROM_OFFSET = field(FetchResponse.CorruptRange.class, "fromOffset");
    private static final String TO_OFFSET = field(FetchResponse.CorruptRange.class, "toOffset");
    private static final String ERROR_CODE = field(FetchResponse.CorruptRange.class, "errorCode");
    private static final String DETAIL = field(FetchResponse.CorruptRange.class, "detail");

    private FetchResponseWriter() {
    }

    static byte[] write(FetchService.FetchResult result) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(estimate(result));
        try (JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeArrayFieldStart(RECORDS);
            for (LogRecord r : result.records()) {
                g.writeStartObject();
                g.writeNumberField(OFFSET, r.offset());
                g.writeNumberField(TIMESTAMP, r.timestampMs());
                writeBytes(g, KEY, r.key(), result.base64());
                writeBytes(g, VALUE, r.value(), result.base64());
                g.writeObjectFieldStart(HEADERS);
                for (RecordHeader h : r.headers()) {
                    writeBytes(g, h.key(), h.value(), result.base64());
                }
                g.writeEndObject();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeNumberField(NEXT_OFFSET, result.nextOffset());
            g.writeNumberField(HIGH_WATERMARK, result.highWatermark());
            g.writeNumberField(LOG_START_OFFSET, result.logStartOffset());
            if (!result.corruptRanges().isEmpty()) {
                g.writeArrayFieldStart(CORRUPT_RANGES);
                for (FetchService.CorruptRange c : result.corruptRanges()) {
                    g.writeStartObject();
                    g.writeNumberField(FROM_OFFSET, c.fromOffset());
                    g.writeNumberField(TO_OFFSET, c.toOffset());
                    g.writeStringField(ERROR_CODE, "CORRUPT_BATCH");
                    g.writeStringField(DETAIL, c.detail());
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

    /** The JSON name of a component of an answer record; fails when the record has no such component. */
    static String field(Class<? extends Record> type, String name) {
        for (RecordComponent c : type.getRecordComponents()) {
            if (c.getName().equals(name)) {
                return name;
            }
        }
        throw new IllegalStateException(type.getSimpleName() + " has no component '" + name + "'.");
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

package dev.tributary.client.consumer.internals;

import dev.tributary.core.api.ApiPaths;
import dev.tributary.core.api.FetchResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.client.TopicPartition;
import dev.tributary.client.internal.ServiceClient;
import dev.tributary.core.format.LogRecord;
import dev.tributary.core.format.RecordHeader;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Reads a partition through the service's JSON fetch endpoint with base64 keys, values
 * and header values. At the end of the log it lets the service hold the request up to
 * {@code maxWaitMs} for new records, so tailing is prompt without polling. Thread-safe.
 */
public final class HttpJsonReader implements PartitionReader {
    private static final Base64.Decoder BASE64 = Base64.getDecoder();

    private final ServiceClient service;
    private final int fetchMaxBytes;
    private final int maxRecords;
    private final long maxWaitMs;

    public HttpJsonReader(ServiceClient service, int fetchMaxBytes, int maxRecords, long maxWaitMs) {
        this.service = service;
        this.fetchMaxBytes = fetchMaxBytes;
        this.maxRecords = maxRecords;
        this.maxWaitMs = maxWaitMs;
    }

    @Override
    public CompletableFuture<FetchResult> read(TopicPartition tp, long offset, boolean waitForData) {
        String path = ApiPaths.fetch(tp.topic(), tp.partition()) + "?offset=" + offset
                + "&maxRecords=" + maxRecords + "&maxBytes=" + fetchMaxBytes
                + "&maxWaitMs=" + (waitForData ? maxWaitMs : 0) + "&encoding=base64";
        return service.sendAsync("GET", path, null, FetchResponse.class).thenApply(body -> {
            List<LogRecord> records = new ArrayList<>();
            long bytes = 0;
            for (FetchResponse.FetchedRecord r : body.records() == null ? List.<FetchResponse.FetchedRecord>of() : body.records()) {
                if (r.offset() < offset) {
                    continue;
                }
                byte[] key = decode(r.key());
                byte[] value = decode(r.value());
                List<RecordHeader> headers = List.of();
                if (r.headers() != null && !r.headers().isEmpty()) {
                    headers = new ArrayList<>();
                    for (Map.Entry<String, String> e : r.headers().entrySet()) {
                        headers.add(new RecordHeader(e.getKey(), decode(e.getValue())));
                    }
                }
                records.add(new LogRecord(r.offset(), r.timestamp() == null ? -1 : r.timestamp(), key, value, headers));
                bytes += 64 + (key == null ? 0 : key.length) + (value == null ? 0 : value.length);
            }
            long next = body.nextOffset() != null ? body.nextOffset()
                    : records.isEmpty() ? offset : records.get(records.size() - 1).offset() + 1;
            return new FetchResult(records, next, bytes, null, body.highWatermark() == null ? -1 : body.highWatermark());
        });
    }

    private static byte[] decode(String text) {
        return text == null ? null : BASE64.decode(text);
    }
}

package dev.tributary.client.consumer.internals;

import dev.tributary.core.api.ApiPaths;
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
        String path = ApiPaths.partition(tp.topic(), tp.partition()) + "/records?offset=" + offset
                + "&maxRecords=" + maxRecords + "&maxBytes=" + fetchMaxBytes
                + "&maxWaitMs=" + (waitForData ? maxWaitMs : 0) + "&encoding=base64";
        return service.sendJsonAsync("GET", path, null).thenApply(body -> {
            List<LogRecord> records = new ArrayList<>();
            long bytes = 0;
            for (JsonNode r : body.path("records")) {
                long at = r.path("offset").asLong();
                if (at < offset) {
                    continue;
                }
                byte[] key = decode(r.get("key"));
                byte[] value = decode(r.get("value"));
                List<RecordHeader> headers = List.of();
                JsonNode h = r.get("headers");
                if (h != null && h.size() > 0) {
                    headers = new ArrayList<>();
                    for (Map.Entry<String, JsonNode> e : (Iterable<Map.Entry<String, JsonNode>>) h::fields) {
                        headers.add(new RecordHeader(e.getKey(), decode(e.getValue())));
                    }
                }
                records.add(new LogRecord(at, r.path("timestamp").asLong(-1), key, value, headers));
                bytes += 64 + (key == null ? 0 : key.length) + (value == null ? 0 : value.length);
            }
            long next = body.path("nextOffset").asLong(records.isEmpty() ? offset
                    : records.get(records.size() - 1).offset() + 1);
            return new FetchResult(records, next, bytes, null, body.path("highWatermark").asLong(-1));
        });
    }

    private static byte[] decode(JsonNode node) {
        return node == null || node.isNull() ? null : BASE64.decode(node.asText());
    }
}

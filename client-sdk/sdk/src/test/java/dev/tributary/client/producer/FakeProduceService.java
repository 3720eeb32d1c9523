package dev.tributary.client.producer;

import com.sun.net.httpserver.HttpExchange;
import dev.tributary.client.FakeService;
import dev.tributary.core.format.LogRecord;
import dev.tributary.core.format.RecordBatches;
import dev.tributary.core.wire.PartitionBatch;
import dev.tributary.core.wire.ProduceRequestCodec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A produce endpoint that stores batches in memory like the service: dense offsets per
 * partition, and with producer ids, duplicates (same partition and base sequence) answered
 * with their original base offset.
 */
final class FakeProduceService implements AutoCloseable {
    final FakeService http = new FakeService();
    final Map<Integer, List<LogRecord>> stored = new HashMap<>();
    final Map<String, Long> sequences = new HashMap<>();
    final List<Long> requestTimesNanos = new CopyOnWriteArrayList<>();
    final AtomicInteger produceRequests = new AtomicInteger();
    /** Scripted behaviour of the produce request with this index (0-based); default: store and answer. */
    final Map<Integer, String> script = new HashMap<>();
    /** While set, every produce request is stored but its answer is lost (a broken connection). */
    volatile boolean dropAnswers;
    /** Every request holding a batch for this partition is refused as too large; -1 for none. */
    volatile int rejectPartition = -1;

    FakeProduceService(int partitions, boolean producerIds) {
        StringBuilder parts = new StringBuilder();
        for (int p = 0; p < partitions; p++) {
            parts.append(p == 0 ? "" : ",").append("{\"partition\":").append(p)
                    .append(",\"earliestOffset\":0,\"latestOffset\":0}");
        }
        http.route("GET", "/v1/topics/t", (ex, body) -> {
            FakeService.json(ex, 200, "{\"name\":\"t\",\"topicId\":\"id\",\"partitions\":[" + parts + "]}");
            return true;
        });
        http.route("GET", "/v1/topics/", (ex, body) -> {
            FakeService.problem(ex, 404, "TOPIC_NOT_FOUND", "Topic does not exist");
            return true;
        });
        http.route("POST", "/v1/producers", (ex, body) -> {
            if (producerIds) {
                FakeService.json(ex, 200, "{\"producerId\":17,\"producerEpoch\":0}");
            } else {
                FakeService.problem(ex, 404, "NOT_FOUND", "No such route");
            }
            return true;
        });
        http.route("POST", "/v1/topics/t/records", this::produce);
    }

    private synchronized boolean produce(HttpExchange ex, byte[] body) throws IOException {
        int index = produceRequests.getAndIncrement();
        requestTimesNanos.add(System.nanoTime());
        String action = script.getOrDefault(index, "ok");
        if (action.startsWith("status:")) {
            String[] parts = action.split(":");
            int status = Integer.parseInt(parts[1]);
            if (parts.length > 3) {
                ex.getResponseHeaders().set("Retry-After", parts[3]);
            }
            FakeService.problem(ex, status, parts[2], "scripted");
            return true;
        }
        List<PartitionBatch> batches = ProduceRequestCodec.decode(ByteBuffer.wrap(body), 10_000);
        int bad = rejectPartition;
        if (bad >= 0 && batches.stream().anyMatch(b -> b.partition() == bad)) {
            FakeService.problem(ex, 413, "RECORD_TOO_LARGE", "Record too large in partition " + bad);
            return true;
        }
        StringBuilder out = new StringBuilder("{\"batches\":[");
        for (int i = 0; i < batches.size(); i++) {
            PartitionBatch b = batches.get(i);
            ByteBuffer buf = b.batch();
            long producerId = buf.getLong(buf.position() + 43);
            int baseSequence = buf.getInt(buf.position() + 53);
            int count = buf.getInt(buf.position() + 57);
            String dedupKey = producerId + "/" + b.partition() + "/" + baseSequence;
            Long base = producerId >= 0 ? sequences.get(dedupKey) : null;
            if (base == null) {
                List<LogRecord> log = stored.computeIfAbsent(b.partition(), p -> new ArrayList<>());
                base = (long) log.size();
                log.addAll(RecordBatches.decode(buf, base, count));
                if (producerId >= 0) {
                    sequences.put(dedupKey, base);
                }
            }
            out.append(i == 0 ? "" : ",").append("{\"partition\":").append(b.partition())
                    .append(",\"baseOffset\":").append(base).append(",\"recordCount\":").append(count).append('}');
        }
        out.append("]}");
        if (action.equals("drop-after-store") || dropAnswers) {
            // The records are stored but the answer never arrives: the client sees a broken connection.
            ex.close();
            return true;
        }
        FakeService.json(ex, 200, out.toString());
        return true;
    }

    synchronized int storedCount() {
        return stored.values().stream().mapToInt(List::size).sum();
    }

    @Override
    public void close() {
        http.close();
    }
}

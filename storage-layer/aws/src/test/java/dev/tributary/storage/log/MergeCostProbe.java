package dev.tributary.storage.log;

import dev.tributary.core.format.Compression;
import dev.tributary.core.format.RecordBatches;
import dev.tributary.core.format.RecordDraft;
import dev.tributary.storage.BatchEntry;
import dev.tributary.storage.Lease;
import dev.tributary.storage.MemoryLeaseStore;
import dev.tributary.storage.MemorySegmentStore;
import dev.tributary.storage.SegmentStore;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Request counts of reading old data before and after merging, and of merging itself, over
 * counting wrappers of the in-memory stores (the counts do not depend on the back end). Not part
 * of the default suite (the name does not end in Test); run it with
 * {@code ./mvnw -B -ntp -q -pl storage-layer/aws -am verify -Dtest=MergeCostProbe -Dsurefire.failIfNoSpecifiedTests=false}.
 * It prints one line per figure.
 */
class MergeCostProbe {
    private static final int PARTITIONS = 8;
    private static final int SEGMENT_BYTES = 256 << 10;
    private static final long TOTAL_BYTES = 100L << 20;
    private static final int FETCH_MAX_BYTES = 1 << 20;

    private final SegmentRewriterTest.MutableClock clock = new SegmentRewriterTest.MutableClock();
    private final MemoryLeaseStore leases = new MemoryLeaseStore(clock);
    private final MemoryShardLog memory = new MemoryShardLog().fencedBy(leases::holds);
    private final Counting log = new Counting(memory);
    private final CountingObjects objects = new CountingObjects(new MemorySegmentStore(clock));
    private final UUID topic = UUID.randomUUID();
    private final ShardId shard = new ShardId(topic, 0);

    static final class Counting extends DelegatingShardLog {
        long reads;
        long writes;

        Counting(ShardLog d) { super(d); }
        @Override public java.util.Optional<CommitRecord> latest(ShardId s) { reads++; return super.latest(s); }
        @Override public java.util.Optional<CommitRecord> get(ShardId s, long seq) { reads++; return super.get(s, seq); }
        @Override public List<CommitRecord> after(ShardId s, long seq, int limit) { reads++; return super.after(s, seq, limit); }
        @Override public MaintenanceAppend appendOverride(CommitRecord r, Lease l, ExtentsMoved m) {
            writes++;
            return super.appendOverride(r, l, m);
        }
        @Override public void putUnusedReference(SegmentReference ref, ShardId s) { writes++; super.putUnusedReference(ref, s); }
    }

    static final class CountingObjects implements SegmentStore {
        private final SegmentStore d;
        long gets;
        long puts;

        CountingObjects(SegmentStore d) { this.d = d; }
        @Override public void put(String key, byte[] bytes) { puts++; d.put(key, bytes); }
        @Override public byte[] read(String key, long position, int length) { gets++; return d.read(key, position, length); }
        @Override public byte[] readAll(String key) { gets++; return d.readAll(key); }
        @Override public URI presignGet(String key, Duration ttl) { return d.presignGet(key, ttl); }
        @Override public URI presignGetRange(String key, long p, int l, Duration ttl) { return d.presignGetRange(key, p, l, ttl); }
        @Override public void delete(String key) { d.delete(key); }
        @Override public void list(Consumer<StoredObject> sink) { d.list(sink); }
        @Override public void listUnder(String prefix, Consumer<StoredObject> sink) { d.listUnder(prefix, sink); }
    }

    /** Segments of {@code SEGMENT_BYTES} spread over every partition, 1 KiB records, until {@code TOTAL_BYTES}. */
    private void produce() {
        ShardCommitter committer = Logs.committer(memory, new MemorySegmentStore(clock), clock);
        byte[] value = new byte[1000];
        ThreadLocalRandom.current().nextBytes(value);
        int recordsPerExtent = SEGMENT_BYTES / PARTITIONS / 1024;
        for (long written = 0; written < TOTAL_BYTES; ) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            List<CommitRequest.Slice> slices = new ArrayList<>();
            for (int p = 0; p < PARTITIONS; p++) {
                List<RecordDraft> drafts = new ArrayList<>();
                for (int i = 0; i < recordsPerExtent; i++) {
                    drafts.add(RecordDraft.of(clock.millis(), null, value));
                }
                ByteBuffer batch = RecordBatches.build(drafts, Compression.NONE);
                byte[] bytes = new byte[batch.remaining()];
                batch.get(bytes);
                slices.add(CommitRequest.Slice.plain(new PartitionId(topic, p), out.size(), bytes.length, recordsPerExtent,
                        clock.millis(), clock.millis()));
                out.writeBytes(bytes);
            }
            String key = dev.tributary.storage.SegmentKeys.newKey();
            objects.put(key, out.toByteArray());
            committer.commit(key, out.size(), List.of(new CommitRequest(slices)));
            written += out.size();
        }
    }

    /** Reads every partition from its start as the fetch path does, 1 MiB per fetch, with a cold reader; returns bytes read. */
    private long readAll() {
        LogReader reader = new LogReader(log, 64L << 20);
        long bytes = 0;
        for (int p = 0; p < PARTITIONS; p++) {
            long end = reader.head(topic, p).nextOffset();
            long offset = 0;
            while (offset < end) {
                List<BatchEntry> entries = new ArrayList<>();
                BatchEntry first = reader.floor(topic, p, offset).orElseThrow();
                entries.add(first);
                long fetchBytes = first.length();
                while (fetchBytes < FETCH_MAX_BYTES && entries.get(entries.size() - 1).nextOffset() < end) {
                    List<BatchEntry> more = reader.after(topic, p, entries.get(entries.size() - 1).nextOffset() - 1, 100);
                    for (BatchEntry e : more) {
                        if (fetchBytes >= FETCH_MAX_BYTES) {
                            break;
                        }
                        entries.add(e);
                        fetchBytes += e.length();
                    }
                }
                for (BatchEntry e : entries) {
                    bytes += objects.read(e.segmentKey(), e.position(), e.length()).length;
                }
                offset = entries.get(entries.size() - 1).nextOffset();
            }
        }
        return bytes;
    }

    @Test
    void requestsPerHundredMiB() {
        produce();
        long getsBefore = objects.gets;
        long readsBefore = log.reads;
        long bytes = readAll();
        report("before merging: fetch", bytes, objects.gets - getsBefore, log.reads - readsBefore, 0, 0);

        clock.advance(Duration.ofHours(1));
        SegmentRewriter rewriter = new SegmentRewriter(log, new LogReader(log, 64L << 20), objects, clock,
                new SegmentRewriter.Settings(64L << 20, 1 << 20, Duration.ofMinutes(10), 16));
        long g = objects.gets;
        long r = log.reads;
        long w = log.writes;
        long puts = objects.puts;
        long merged = 0;
        while (true) {
            Lease lease = leases.acquire("merge#" + shard.key(), "probe", Duration.ofMinutes(1)).orElseThrow();
            SegmentRewriter.Summary s = rewriter.mergeAll(rewriter.plan(shard, 0, PARTITIONS, 256L << 20), lease);
            leases.release(lease);
            if (s.merges() == 0) {
                break;
            }
            merged += s.bytesWritten();
        }
        report("merging itself", merged, objects.gets - g, log.reads - r, objects.puts - puts, log.writes - w);

        getsBefore = objects.gets;
        readsBefore = log.reads;
        bytes = readAll();
        report("after merging: fetch", bytes, objects.gets - getsBefore, log.reads - readsBefore, 0, 0);
    }

    private static void report(String what, long bytes, long gets, long logReads, long puts, long logWrites) {
        double per100MiB = (100.0 * (1 << 20)) / bytes;
        System.out.printf("MERGE-COST %s: %.1f MiB, per 100 MiB: S3 GET %.0f, log reads %.0f, S3 PUT %.0f, DynamoDB writes %.0f%n",
                what, bytes / 1048576.0, gets * per100MiB, logReads * per100MiB, puts * per100MiB, logWrites * per100MiB);
    }
}

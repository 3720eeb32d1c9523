package dev.tributary.storage.log;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.core.format.Compression;
import dev.tributary.core.format.LogRecord;
import dev.tributary.core.format.RecordBatches;
import dev.tributary.core.format.RecordDraft;
import dev.tributary.storage.BatchEntry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Compaction against a model: exactly the latest record of each key remains, at its original
 * offset with its bytes, tombstones go once {@code delete.retention.ms} old, and the rewritten
 * bytes span exactly the offsets of what they replace.
 */
class CompactorPropertyTest {
    private static final long NOW = 1_000_000;
    private static final UUID TOPIC = UUID.randomUUID();

    /** A record before compaction: key index (-1: no key), value (null: tombstone), timestamp. */
    record Draft(int key, String value, long timestampMs) {
    }

    @Provide
    Arbitrary<List<Draft>> drafts() {
        Arbitrary<Draft> one = Combinators.combine(Arbitraries.integers().between(-1, 5),
                Arbitraries.strings().alpha().ofMaxLength(6).injectNull(0.2), Arbitraries.longs().between(0, NOW))
                .as(Draft::new);
        return one.list().ofMinSize(1).ofMaxSize(60);
    }

    @Property(tries = 300)
    void compaction_keepsExactlyTheLatestPerKey_withItsOffset(@ForAll("drafts") List<Draft> drafts,
                                                              @ForAll @IntRange(min = 1, max = 7) int perEntry,
                                                              @ForAll @IntRange(min = 0, max = 5) int startAt,
                                                              @ForAll("retention") long deleteRetentionMs,
                                                              @ForAll @IntRange(min = 60, max = 4000) int extentBytes) {
        long base = 100;
        long start = base + Math.min(startAt, drafts.size() - 1);
        List<BatchEntry> entries = new ArrayList<>();
        List<byte[]> parts = new ArrayList<>();
        for (int from = 0; from < drafts.size(); from += perEntry) {
            List<RecordDraft> batch = new ArrayList<>();
            for (Draft d : drafts.subList(from, Math.min(drafts.size(), from + perEntry))) {
                batch.add(RecordDraft.of(d.timestampMs(), d.key() < 0 ? null : ("k" + d.key()).getBytes(StandardCharsets.UTF_8),
                        d.value() == null ? null : d.value().getBytes(StandardCharsets.UTF_8)));
            }
            ByteBuffer b = RecordBatches.build(batch, Compression.NONE);
            byte[] bytes = new byte[b.remaining()];
            b.get(bytes);
            entries.add(new BatchEntry(TOPIC, 0, base + from, batch.size(), "s" + from, 0, bytes.length, 0, 0));
            parts.add(bytes);
        }
        Compactor.Rewrite rewrite = Compactor.compact(0, entries, parts, start, NOW, deleteRetentionMs, extentBytes);

        List<String> read = new ArrayList<>();
        long at = base;
        for (Extent x : rewrite.extents()) {
            byte[] bytes = java.util.Arrays.copyOfRange(rewrite.bytes(), (int) x.position(), (int) x.end());
            for (LogRecord r : RecordBatches.decode(ByteBuffer.wrap(bytes), at, x.recordCount())) {
                read.add(describe(r.offset(), r.key() == null ? -1 : Integer.parseInt(new String(r.key(),
                        StandardCharsets.UTF_8).substring(1)), r.value() == null ? null : new String(r.value(), StandardCharsets.UTF_8)));
            }
            at += x.recordCount();
        }
        assertThat(at).as("the rewrite spans exactly the offsets it replaces").isEqualTo(base + drafts.size());
        assertThat(read).isEqualTo(model(drafts, base, start, deleteRetentionMs));
    }

    @Provide
    Arbitrary<Long> retention() {
        return Arbitraries.of(-1L, 0L, NOW / 2, NOW * 2);
    }

    private static String describe(long offset, int key, String value) {
        return offset + ":" + key + "=" + value;
    }

    /** The model: latest per key (offsets at or above the start), keyless kept, expired tombstones gone, never empty. */
    private static List<String> model(List<Draft> drafts, long base, long start, long deleteRetentionMs) {
        Map<Integer, Integer> latest = new HashMap<>();
        for (int i = 0; i < drafts.size(); i++) {
            if (base + i >= start && drafts.get(i).key() >= 0) {
                latest.put(drafts.get(i).key(), i);
            }
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < drafts.size(); i++) {
            Draft d = drafts.get(i);
            if (base + i < start) {
                continue;
            }
            boolean keep = d.key() < 0 || latest.get(d.key()) == i
                    && !(d.value() == null && deleteRetentionMs >= 0 && d.timestampMs() <= NOW - deleteRetentionMs);
            if (keep) {
                out.add(describe(base + i, d.key(), d.value()));
            }
        }
        if (out.isEmpty()) {
            Draft last = drafts.get(drafts.size() - 1);
            out.add(describe(base + drafts.size() - 1, last.key(), last.value()));
        }
        return out;
    }
}

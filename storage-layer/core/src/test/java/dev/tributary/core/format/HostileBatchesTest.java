package dev.tributary.core.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.tributary.core.error.ApiException;
import dev.tributary.core.error.ErrorCode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.utils.Crc32C;
import org.junit.jupiter.api.Test;

/**
 * Batches built to attack the server: each must be refused with a typed error (never an
 * unexpected exception, never an allocation the attacker sized), and the read path must
 * stay bounded and lazy.
 */
class HostileBatchesTest {
    private static final int MAX_RECORD_BYTES = 1 << 20;

    @Test
    void layoutConstants_matchKafka() {
        assertThat(RecordBatches.RECORDS_OFFSET).isEqualTo(RecordBatches.BATCH_HEADER_SIZE);
        assertThat(RecordBatches.BASE_TIMESTAMP_OFFSET)
                .isEqualTo(org.apache.kafka.common.record.DefaultRecordBatch.RECORD_BATCH_OVERHEAD - 34);
    }

    @Test
    void validate_whenControlBitSetWithoutTransactionalBit_rejectsRequest() {
        ByteBuffer batch = batch(Compression.NONE, record("k", "v"));
        batch.putShort(RecordBatches.ATTRIBUTES_OFFSET, (short) (batch.getShort(RecordBatches.ATTRIBUTES_OFFSET) | 0x20));
        fixCrc(batch);

        Throwable thrown = catchThrowable(() -> RecordBatches.validate(batch, MAX_RECORD_BYTES));

        assertThat(thrown).isExactlyInstanceOf(ApiException.class);
        assertThat(((ApiException) thrown).code()).isEqualTo(ErrorCode.INVALID_REQUEST);
        assertThat(thrown).hasMessageContaining("Control batches");
    }

    @Test
    void validate_whenGzipBombExceedsBudget_rejectsAsRequestTooLarge() {
        // 40 records of 1 MiB of zeros: about 40 KiB of gzip that expands to 40 MiB.
        List<RecordDraft> records = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            records.add(new RecordDraft(1L, null, new byte[1 << 20], List.of()));
        }
        ByteBuffer bomb = RecordBatches.build(records, Compression.GZIP);
        assertThat(bomb.remaining()).isLessThan(1 << 20);

        Throwable thrown = catchThrowable(() -> RecordBatches.validate(bomb, 2 << 20, new DecompressionBudget(4 << 20)));

        assertThat(thrown).isExactlyInstanceOf(ApiException.class);
        assertThat(((ApiException) thrown).code()).isEqualTo(ErrorCode.REQUEST_TOO_LARGE);
    }

    @Test
    void validate_budgetIsSharedByTheBatchesOfOneRequest() {
        ByteBuffer batch = RecordBatches.build(List.of(new RecordDraft(1L, null, new byte[600_000], List.of())),
                Compression.ZSTD);
        DecompressionBudget budget = new DecompressionBudget(1_000_000);

        RecordBatches.validate(batch, MAX_RECORD_BYTES, budget);
        Throwable second = catchThrowable(() -> RecordBatches.validate(batch, MAX_RECORD_BYTES, budget));

        assertThat(((ApiException) second).code()).isEqualTo(ErrorCode.REQUEST_TOO_LARGE);
    }

    @Test
    void validate_whenRecordLengthClaimsGigabytes_failsBeforeAllocating() {
        // One record whose length varint claims 1 GiB though only a few bytes follow.
        ByteBuffer batch = batch(Compression.NONE, record("k", "v"));
        int lengthAt = RecordBatches.RECORDS_OFFSET;
        byte[] claim = zigzagVarint(1 << 30);
        ByteBuffer patched = splice(batch, lengthAt, 1, claim);
        fixCrc(patched);

        Throwable thrown = catchThrowable(() -> RecordBatches.validate(patched, MAX_RECORD_BYTES,
                new DecompressionBudget(16 << 20)));

        assertThat(((ApiException) thrown).code()).isEqualTo(ErrorCode.REQUEST_TOO_LARGE);
    }

    @Test
    void validate_whenKeyLengthIsNegativeButNotMinusOne_rejectsAsCorrupt() {
        ByteBuffer batch = batch(Compression.NONE, new RecordDraft(1L, null, bytes("v"), List.of()));
        // length varint, attributes, timestamp delta 0, offset delta 0, then the key length (-1 = 0x01).
        int keyLengthAt = RecordBatches.RECORDS_OFFSET + 4;
        assertThat(batch.get(keyLengthAt)).isEqualTo((byte) 0x01);
        batch.put(keyLengthAt, zigzagVarint(-5)[0]);
        fixCrc(batch);

        assertThatThrownBy(() -> RecordBatches.validate(batch, MAX_RECORD_BYTES))
                .isInstanceOf(CorruptSegmentException.class).hasMessageContaining("key length of -5");
    }

    @Test
    void validate_whenHeaderKeyIsNotUtf8_rejectsAsCorrupt() {
        ByteBuffer batch = batch(Compression.NONE,
                new RecordDraft(1L, null, bytes("v"), List.of(new RecordHeader("Z", null))));
        int at = lastIndexOf(batch, (byte) 'Z');
        batch.put(at, (byte) 0xFF);
        fixCrc(batch);

        assertThatThrownBy(() -> RecordBatches.validate(batch, MAX_RECORD_BYTES))
                .isInstanceOf(CorruptSegmentException.class).hasMessageContaining("not valid UTF-8");
    }

    @Test
    void validate_whenBytesFollowTheLastRecord_rejectsAsCorrupt() {
        ByteBuffer batch = batch(Compression.NONE, record("k", "v"));
        ByteBuffer longer = splice(batch, batch.limit(), 0, new byte[] {0, 0, 0});
        longer.putInt(RecordBatches.LENGTH_OFFSET, longer.limit() - RecordBatches.LOG_OVERHEAD);
        fixCrc(longer);

        assertThatThrownBy(() -> RecordBatches.validate(longer, MAX_RECORD_BYTES))
                .isInstanceOf(CorruptSegmentException.class);
    }

    @Test
    void validate_whenLz4BlocksAreTampered_rejectsCleanly() {
        List<RecordDraft> records = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            records.add(new RecordDraft(1L, bytes("key-" + i), bytes("value value value " + i), List.of()));
        }
        ByteBuffer good = RecordBatches.build(records, Compression.LZ4);
        int rejected = 0;
        for (int at = RecordBatches.RECORDS_OFFSET; at < good.limit(); at++) {
            for (int mask : new int[] {0x01, 0x80, 0xFF}) {
                ByteBuffer hostile = copy(good);
                hostile.put(at, (byte) (hostile.get(at) ^ mask));
                fixCrc(hostile);
                Throwable thrown = catchThrowable(() -> RecordBatches.validate(hostile, MAX_RECORD_BYTES,
                        new DecompressionBudget(1 << 20)));
                if (thrown != null) {
                    assertThat(thrown).as("byte %d ^ %x", at, mask)
                            .isInstanceOfAny(CorruptSegmentException.class, ApiException.class);
                    rejected++;
                }
            }
        }
        assertThat(rejected).isPositive();
    }

    @Test
    void lz4Library_isAReleaseWithoutKnownCves() throws IOException {
        Properties pom = new Properties();
        try (InputStream in = net.jpountz.lz4.LZ4Factory.class.getClassLoader()
                .getResourceAsStream("META-INF/maven/at.yawk.lz4/lz4-java/pom.properties")) {
            assertThat(in).as("lz4-java comes from the maintained at.yawk.lz4 group").isNotNull();
            pom.load(in);
        }
        String[] v = pom.getProperty("version").split("[.-]");
        int major = Integer.parseInt(v[0]);
        int minor = Integer.parseInt(v[1]);
        int patch = Integer.parseInt(v[2]);
        assertThat(major > 1 || minor > 10 || (minor == 10 && patch >= 1))
                .as("lz4-java %s is at least 1.10.1 (CVE-2025-12183, CVE-2025-66566)", pom.getProperty("version"))
                .isTrue();
    }

    @Test
    void scan_stopsDecompressingWhenTheReaderHasEnough() {
        // 100 MiB of records: more than any batch may expand to, so a full decode is refused...
        List<RecordDraft> records = new ArrayList<>(Collections.nCopies(100,
                new RecordDraft(1L, null, new byte[1 << 20], List.of())));
        ByteBuffer stored = RecordBatches.build(records, Compression.GZIP);
        assertThatThrownBy(() -> RecordBatches.decode(stored, 0, 100))
                .isInstanceOf(CorruptSegmentException.class).hasMessageContaining("expand to more than");

        // ...while a reader that wants two records gets them without inflating the rest.
        List<LogRecord> seen = new ArrayList<>();
        boolean whole = RecordBatches.scan(stored, 0, 100, 0, r -> {
            seen.add(r);
            return seen.size() < 2;
        });

        assertThat(whole).isFalse();
        assertThat(seen).extracting(LogRecord::offset).containsExactly(0L, 1L);
    }

    @Test
    void scan_skipsBatchesBeforeTheStartOffsetAndHandsOutTheRest() {
        ByteBuffer chunk = TestRecords.concat(List.of(batch(Compression.GZIP, record("a", "1")),
                batch(Compression.LZ4, record("b", "2"), record("c", "3"))));
        List<LogRecord> seen = new ArrayList<>();

        assertThat(RecordBatches.scan(chunk, 10, 3, 12, seen::add)).isTrue();

        assertThat(seen).extracting(LogRecord::offset).containsExactly(12L);
        assertThat(new String(seen.get(0).key(), StandardCharsets.UTF_8)).isEqualTo("c");
    }

    private static RecordDraft record(String key, String value) {
        return new RecordDraft(1L, bytes(key), bytes(value), List.of());
    }

    private static ByteBuffer batch(Compression compression, RecordDraft... records) {
        return copy(RecordBatches.build(List.of(records), compression));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static ByteBuffer copy(ByteBuffer b) {
        ByteBuffer c = ByteBuffer.allocate(b.remaining());
        c.put(b.duplicate()).flip();
        return c;
    }

    /** Replaces {@code removed} bytes at {@code at} with {@code inserted}, fixing the length field. */
    private static ByteBuffer splice(ByteBuffer b, int at, int removed, byte[] inserted) {
        byte[] src = TestRecords.toArray(b);
        ByteBuffer out = ByteBuffer.allocate(src.length - removed + inserted.length);
        out.put(src, 0, at).put(inserted).put(src, at + removed, src.length - at - removed).flip();
        out.putInt(RecordBatches.LENGTH_OFFSET, out.limit() - RecordBatches.LOG_OVERHEAD);
        return out;
    }

    private static void fixCrc(ByteBuffer b) {
        long crc = Crc32C.compute(b, RecordBatches.ATTRIBUTES_OFFSET, b.limit() - RecordBatches.ATTRIBUTES_OFFSET);
        b.putInt(RecordBatches.CRC_OFFSET, (int) crc);
    }

    private static int lastIndexOf(ByteBuffer b, byte value) {
        for (int i = b.limit() - 1; i >= 0; i--) {
            if (b.get(i) == value) {
                return i;
            }
        }
        throw new AssertionError("byte not found");
    }

    private static byte[] zigzagVarint(int value) {
        int v = (value << 1) ^ (value >> 31);
        ByteBuffer out = ByteBuffer.allocate(5);
        while ((v & ~0x7F) != 0) {
            out.put((byte) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.put((byte) v);
        byte[] bytes = new byte[out.position()];
        out.flip().get(bytes);
        return bytes;
    }
}

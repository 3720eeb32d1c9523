package dev.tributary.storage.log;

import dev.tributary.core.format.CorruptSegmentException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

/** Unsigned LEB128 and zigzag variable-length integers, as Protocol Buffers and Kafka encode them. */
final class Varints {
    private Varints() {
    }

    static void writeUnsigned(ByteArrayOutputStream out, long value) {
        if (value < 0) {
            throw new IllegalArgumentException("negative value " + value);
        }
        writeRaw(out, value);
    }

    /** All 64 bits, as an unsigned number (up to 10 bytes). */
    private static void writeRaw(ByteArrayOutputStream out, long value) {
        while ((value & ~0x7FL) != 0) {
            out.write((int) ((value & 0x7F) | 0x80));
            value >>>= 7;
        }
        out.write((int) value);
    }

    static void writeSigned(ByteArrayOutputStream out, long value) {
        writeRaw(out, (value << 1) ^ (value >> 63));
    }

    static long readUnsigned(ByteBuffer in) {
        long value = readRaw(in);
        if (value < 0) {
            throw new CorruptSegmentException("varint out of range in a commit record");
        }
        return value;
    }

    private static long readRaw(ByteBuffer in) {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (!in.hasRemaining()) {
                throw new CorruptSegmentException("truncated varint in a commit record");
            }
            byte b = in.get();
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                if (shift == 63 && (b & 0x7E) != 0) {
                    throw new CorruptSegmentException("varint out of range in a commit record");
                }
                return value;
            }
        }
        throw new CorruptSegmentException("varint longer than 10 bytes in a commit record");
    }

    static long readSigned(ByteBuffer in) {
        long raw = readRaw(in);
        return (raw >>> 1) ^ -(raw & 1);
    }

    static int readInt(ByteBuffer in, int max) {
        long v = readUnsigned(in);
        if (v > max) {
            throw new CorruptSegmentException("value " + v + " exceeds " + max + " in a commit record");
        }
        return (int) v;
    }
}

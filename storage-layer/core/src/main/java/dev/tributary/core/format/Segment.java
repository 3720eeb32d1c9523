package dev.tributary.core.format;

import java.util.List;

/**
 * A finished segment object and its index, as returned by {@link SegmentWriter#finish()}.
 *
 * <p>Immutable by convention: {@code bytes} is handed over, not copied, and must not be
 * modified. {@code chunks} is in object order and equals what
 * {@link SegmentReader#readIndex(byte[])} returns for {@code bytes}.
 *
 * @param bytes  the whole object, ready to upload
 * @param chunks one entry per (topic, partition), in object order
 */
public record Segment(byte[] bytes, List<ChunkInfo> chunks) {

    public Segment {
        chunks = List.copyOf(chunks);
    }

    public int sizeInBytes() {
        return bytes.length;
    }
}

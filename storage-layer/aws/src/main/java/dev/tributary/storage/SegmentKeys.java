package dev.tributary.storage;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Fresh, never-reused segment object keys: {@code segments/<hh>/<uuid>.seg}, where the two
 * hex digits spread objects over 256 prefixes so S3's per-prefix request rates never bind.
 */
public final class SegmentKeys {
    public static final String PREFIX = "segments/";

    private SegmentKeys() {
    }

    public static String newKey() {
        UUID id = new UUID(ThreadLocalRandom.current().nextLong(), ThreadLocalRandom.current().nextLong());
        return PREFIX + String.format("%02x", (int) (id.getMostSignificantBits() >>> 56)) + "/" + id + ".seg";
    }
}

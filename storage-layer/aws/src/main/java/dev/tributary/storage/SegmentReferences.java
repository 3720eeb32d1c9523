package dev.tributary.storage;

import java.util.Collection;
import java.util.Set;

/**
 * The segments table: which segment objects were committed and how many index entries
 * still point at each. Objects in S3 with no reference item were never committed
 * (orphans of a crash between the S3 PUT and the commit). Thread-safe.
 */
public interface SegmentReferences {
    /** The subset of {@code keys} that have a reference item (were committed at least once). */
    Set<String> committed(Collection<String> keys);
}

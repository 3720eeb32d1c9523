package dev.tributary.reliability.cluster;

import java.net.URI;
import java.util.List;

/** The service under test: the HTTP endpoints of its instances. */
public interface Cluster extends AutoCloseable {
    /** One endpoint per instance, e.g. {@code http://127.0.0.1:18100}. */
    List<URI> endpoints();

    /** Turns storage faults on (workload phase) or off (set-up and final drain). */
    void storageFaults(boolean on);

    /** Every storage call of every instance fails for {@code duration} (see {@code StorageFaults#outage}). */
    void storageOutage(java.time.Duration duration);

    /** Storage faults injected where the harness cannot record them itself (other processes), by kind. */
    default java.util.Map<String, Long> externalFaultCounts() {
        return java.util.Map.of();
    }

    @Override
    void close();
}

package dev.tributary.functions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.functions.local.LocalMaintenance;
import dev.tributary.functions.maintenance.MaintenanceReport;
import dev.tributary.storage.SegmentKeys;
import dev.tributary.storage.SegmentStore;
import io.micronaut.context.ApplicationContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Local mode deletes objects a crash left uploaded but uncommitted, as the scheduled function does on AWS. */
class LocalMaintenanceTest {
    @TempDir
    Path dataDir;

    @Test
    void localMode_collectsOrphansOnATimer_onceOlderThanTheDeleteThreshold() {
        Map<String, Object> props = Map.of("micronaut.server.port", -1, "tributary.storage.mode", "embedded",
                "tributary.storage.data-dir", dataDir.toString(), "test.mutable-clock", true);
        try (ApplicationContext context = ApplicationContext.run(props)) {
            LocalMaintenance maintenance = context.getBean(LocalMaintenance.class);
            MutableClock clock = context.getBean(MutableClock.class);
            SegmentStore segments = context.getBean(SegmentStore.class);
            String orphan = SegmentKeys.PREFIX + "left-by-a-crash";
            segments.put(orphan, "never committed".getBytes(StandardCharsets.UTF_8));

            assertThat(maintenance.scheduled()).isTrue();
            assertThat(maintenance.runOnce().orphansDeleted()).as("too young to delete").isZero();
            assertThat(keys(segments)).contains(orphan);

            clock.advance(Duration.ofHours(2));
            MaintenanceReport report = maintenance.runOnce();

            assertThat(report.orphansDeleted()).isEqualTo(1);
            assertThat(keys(segments)).doesNotContain(orphan);
        }
    }

    @Test
    void serverMode_hasNoLocalTimer() {
        assertThat(TestServer.shared().context().containsBean(LocalMaintenance.class)).isFalse();
    }

    private static List<String> keys(SegmentStore segments) {
        List<String> keys = new ArrayList<>();
        segments.list(o -> keys.add(o.key()));
        return keys;
    }
}

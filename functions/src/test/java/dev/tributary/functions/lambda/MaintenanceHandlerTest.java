package dev.tributary.functions.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.tributary.functions.LambdaTestHandler;
import dev.tributary.functions.TestServer;
import dev.tributary.functions.TestServer.Response;
import dev.tributary.functions.maintenance.MaintenanceReport;
import dev.tributary.localstack.EmbeddedStack;
import dev.tributary.storage.SegmentKeys;
import dev.tributary.storage.SegmentStore;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.proxy.MockLambdaContext;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.joda.time.DateTime;
import org.junit.jupiter.api.Test;

/**
 * The scheduled maintenance function, invoked as Lambda invokes it (a {@link ScheduledEvent})
 * on the embedded stack: orphans are reported, deleted only past the delete threshold, and
 * a committed segment is never deleted, even with every threshold at zero.
 */
class MaintenanceHandlerTest {
    private final TestServer server = TestServer.shared();

    private static ScheduledEvent tick() {
        ScheduledEvent event = new ScheduledEvent();
        event.setId("cdc73f9d-aea9-11e3-9d5a-835b769c0d9c");
        event.setDetailType("Scheduled Event");
        event.setSource("aws.events");
        event.setAccount("123456789012");
        event.setRegion("us-east-1");
        event.setTime(DateTime.now());
        event.setResources(List.of("arn:aws:events:us-east-1:123456789012:rule/tributary-maintenance"));
        event.setDetail(Map.of());
        return event;
    }

    private static MaintenanceReport runMaintenance(Map<String, Object> settings) {
        try (ApplicationContext context = LambdaTestHandler.lambdaContext(EmbeddedStack.shared(), settings).start();
             MaintenanceHandler handler = new MaintenanceHandler(context)) {
            return handler.handleRequest(tick(), new MockLambdaContext());
        }
    }

    private static Set<String> keys(SegmentStore segments) {
        Set<String> keys = new HashSet<>();
        segments.list(o -> keys.add(o.key()));
        return keys;
    }

    @Test
    void scheduledRun_reportsYoungOrphans_deletesOldOnes_andNeverACommittedSegment() {
        SegmentStore segments = server.context().getBean(SegmentStore.class);
        String topic = server.createTopic(1);
        Set<String> before = keys(segments);
        Response produced = server.post("/v1/topics/" + topic + "/records",
                Map.of("records", List.of(Map.of("value", "keep-1"), Map.of("value", "keep-2"))));
        assertThat(produced.status()).isEqualTo(200);
        Set<String> committed = keys(segments);
        committed.removeAll(before);
        assertThat(committed).hasSize(1);

        String orphan = SegmentKeys.newKey();
        segments.put(orphan, "uploaded but never committed".getBytes(StandardCharsets.UTF_8));

        // Reported at once, but younger than the delete threshold (1 hour by default): kept.
        MaintenanceReport reportOnly = runMaintenance(Map.of("tributary.maintenance.orphan-report-after", "0s"));
        assertThat(reportOnly.orphanKeys()).contains(orphan).doesNotContainAnyElementsOf(committed);
        assertThat(reportOnly.orphansFound()).isGreaterThanOrEqualTo(1);
        assertThat(keys(segments)).contains(orphan);

        // Every threshold at zero: the orphan goes, every committed segment stays.
        Set<String> allCommitted = keys(segments);
        allCommitted.removeAll(reportOnly.orphanKeys());
        MaintenanceReport aggressive = runMaintenance(Map.of("tributary.maintenance.orphan-report-after", "0s",
                "tributary.maintenance.orphan-delete-after", "0s"));
        assertThat(aggressive.orphansDeleted()).isGreaterThanOrEqualTo(1);
        Set<String> after = keys(segments);
        assertThat(after).doesNotContain(orphan).containsAll(allCommitted).containsAll(committed);
        Response fetched = server.get("/v1/topics/" + topic + "/partitions/0/records?offset=0");
        assertThat(fetched.body().get("records")).hasSize(2);
    }

    @Test
    void defaultThresholds_leaveAFreshOrphanAlone() {
        SegmentStore segments = server.context().getBean(SegmentStore.class);
        String orphan = SegmentKeys.newKey();
        segments.put(orphan, new byte[] {1, 2, 3});
        MaintenanceReport report = runMaintenance(Map.of());
        assertThat(report.orphanKeys()).doesNotContain(orphan);
        assertThat(keys(segments)).contains(orphan);
    }
}

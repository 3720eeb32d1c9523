package dev.tributary.reliability.cluster;

import dev.tributary.localstack.EmbeddedStack;
import dev.tributary.reliability.faults.FaultPlan;
import dev.tributary.reliability.faults.StorageFaults;
import dev.tributary.reliability.history.Event;
import dev.tributary.reliability.history.History;
import dev.tributary.storage.StorageInterceptors;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Several instances of the service in this JVM, each its own Micronaut application with its own
 * AWS clients and caches, all on one embedded stack (the way function instances share DynamoDB
 * and S3), with {@link StorageFaults} between every instance and storage. Not thread-safe.
 */
public final class InProcessCluster implements Cluster {
    private final EmbeddedStack stack;
    private final boolean ownsStack;
    private final List<ApplicationContext> instances = new ArrayList<>();
    private final List<StorageFaults> faults = new ArrayList<>();

    /**
     * Starts {@code instances} servers on {@code stack} (the JVM's shared stack when null), with
     * storage faults from {@code plan} recorded into {@code history}.
     */
    public InProcessCluster(EmbeddedStack stack, int instances, FaultPlan plan, long seed, History history) {
        this.ownsStack = stack == null;
        this.stack = stack == null ? EmbeddedStack.builder().start() : stack;
        for (int i = 0; i < instances; i++) {
            String name = "server-" + i;
            StorageFaults f = new StorageFaults(plan, seed + i,
                    (kind, call) -> history.record(s -> new Event.FaultInjected(s, name, "storage " + kind, call)));
            ApplicationContext context = ApplicationContext.builder()
                    .properties(properties(this.stack))
                    .singletons(StorageInterceptors.both(f))
                    .start();
            context.getBean(EmbeddedServer.class).start();
            this.instances.add(context);
            this.faults.add(f);
        }
    }

    /** Properties that point one instance at the stack, as a deployed instance points at AWS. */
    public static Map<String, Object> properties(EmbeddedStack stack) {
        Map<String, Object> p = new HashMap<>(dev.tributary.functions.local.EmbeddedStorage.properties(stack));
        p.put("micronaut.server.port", -1);
        p.put("micronaut.server.host", "127.0.0.1");
        // The suite tests storage promises, not authentication: its clients send no credentials.
        p.put("tributary.security.auth", "none");
        return p;
    }

    @Override
    public List<URI> endpoints() {
        return instances.stream().map(c -> c.getBean(EmbeddedServer.class).getURI()).toList();
    }

    @Override
    public void storageFaults(boolean on) {
        faults.forEach(on ? StorageFaults::enable : StorageFaults::disable);
    }

    @Override
    public void storageOutage(java.time.Duration duration) {
        faults.forEach(f -> f.outage(duration));
    }

    @Override
    public void close() {
        instances.forEach(ApplicationContext::close);
        if (ownsStack) {
            stack.close();
        }
    }
}

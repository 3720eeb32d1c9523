package dev.tributary.functions.security;

import dev.tributary.core.error.ApiException;
import dev.tributary.core.error.ErrorCode;
import dev.tributary.storage.AclStore;
import io.micronaut.http.HttpRequest;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides whether a principal may perform an operation on a resource, with Kafka's rules:
 * super users ({@code tributary.security.super-users}) may do everything; otherwise a
 * matching DENY wins over any ALLOW, and without a matching ALLOW the answer is no. In
 * unauthenticated mode there is nobody to tell apart, so everything is allowed.
 *
 * <p>The ACLs are read whole from the {@link AclStore} and cached for
 * {@code tributary.security.acl-cache-ttl} (default 5 s): a change made through another
 * instance takes effect here within that time; a change made through this one, at once.
 * Thread-safe.
 */
@Singleton
public class Authorizer {
    private final AclStore store;
    private final Clock clock;
    private final AuthModes modes;
    private final List<String> superUsers;
    private final long ttlMs;
    private volatile Snapshot snapshot = new Snapshot(List.of(), Long.MIN_VALUE);

    private record Snapshot(List<AclBinding> acls, long expiresAtMs) {
    }

    public Authorizer(AclStore store, Clock clock, AuthModes modes, SecurityConfig config) {
        this.store = store;
        this.clock = clock;
        this.modes = modes;
        this.superUsers = config.getSuperUsers();
        this.ttlMs = config.getAclCacheTtl().toMillis();
    }

    public boolean allowed(Principal principal, ResourceType type, String name, AclOperation operation) {
        if (modes.unauthenticated() || superUsers.contains(principal.toString())) {
            return true;
        }
        boolean allow = false;
        for (AclBinding acl : acls()) {
            if (!acl.appliesTo(principal) || !acl.covers(type, name)) {
                continue;
            }
            if (acl.permission() == AclBinding.Permission.DENY && acl.operation().denies(operation)) {
                return false;
            }
            allow |= acl.permission() == AclBinding.Permission.ALLOW && acl.operation().allows(operation);
        }
        return allow;
    }

    /** Whether {@code principal} is allowed {@code operation} on at least one resource of {@code type}. */
    public boolean allowedOnAny(Principal principal, ResourceType type, AclOperation operation) {
        if (modes.unauthenticated() || superUsers.contains(principal.toString())) {
            return true;
        }
        for (AclBinding acl : acls()) {
            if (acl.appliesTo(principal) && acl.resourceType() == type && acl.permission() == AclBinding.Permission.ALLOW
                    && acl.operation().allows(operation) && allowed(principal, type, acl.resourceName(), operation)) {
                return true;
            }
        }
        return false;
    }

    /** {@code FORBIDDEN} unless the request's principal is allowed. */
    public void check(HttpRequest<?> request, ResourceType type, String name, AclOperation operation) {
        Principal principal = Principal.of(request);
        if (!allowed(principal, type, name, operation)) {
            throw forbidden(principal, type, name, operation);
        }
    }

    /** Kafka's rule for creating a topic: CREATE on the cluster, or CREATE on the topic's name. */
    public void checkCreateTopic(HttpRequest<?> request, String topic) {
        Principal principal = Principal.of(request);
        if (!allowed(principal, ResourceType.CLUSTER, ResourceType.CLUSTER_NAME, AclOperation.CREATE)
                && !allowed(principal, ResourceType.TOPIC, topic, AclOperation.CREATE)) {
            throw forbidden(principal, ResourceType.TOPIC, topic, AclOperation.CREATE);
        }
    }

    /**
     * Kafka's rule for idempotent producers: IDEMPOTENT_WRITE on the cluster, or WRITE on at
     * least one topic.
     */
    public void checkIdempotentWrite(HttpRequest<?> request) {
        Principal principal = Principal.of(request);
        if (!allowed(principal, ResourceType.CLUSTER, ResourceType.CLUSTER_NAME, AclOperation.IDEMPOTENT_WRITE)
                && !allowedOnAny(principal, ResourceType.TOPIC, AclOperation.WRITE)) {
            throw forbidden(principal, ResourceType.CLUSTER, ResourceType.CLUSTER_NAME, AclOperation.IDEMPOTENT_WRITE);
        }
    }

    /** The items of a listing whose resource the request's principal may DESCRIBE. */
    public <T> List<T> visible(HttpRequest<?> request, ResourceType type, List<T> items,
                               java.util.function.Function<T, String> name) {
        Principal principal = Principal.of(request);
        return items.stream().filter(i -> allowed(principal, type, name.apply(i), AclOperation.DESCRIBE)).toList();
    }

    static ApiException forbidden(Principal principal, ResourceType type, String name, AclOperation operation) {
        return new ApiException(ErrorCode.FORBIDDEN, principal + " may not " + operation + " " + type + " '" + name + "'.")
                .with("resourceType", type.name()).with("resourceName", name).with("operation", operation.name());
    }

    public List<AclBinding> list() {
        return acls();
    }

    public void add(AclBinding acl) {
        store.add(acl.toEntry());
        invalidate();
    }

    public boolean remove(AclBinding acl) {
        boolean removed = store.remove(acl.toEntry());
        invalidate();
        return removed;
    }

    private void invalidate() {
        snapshot = new Snapshot(List.of(), Long.MIN_VALUE);
    }

    private List<AclBinding> acls() {
        long now = clock.millis();
        Snapshot s = snapshot;
        if (s.expiresAtMs() <= now) {
            List<AclBinding> fresh = new ArrayList<>();
            for (AclStore.AclEntry e : store.list()) {
                try {
                    fresh.add(AclBinding.fromEntry(e));
                } catch (ApiException unreadable) {
                    // An entry this version cannot parse grants nothing; it still shows in the table.
                }
            }
            s = new Snapshot(List.copyOf(fresh), now + ttlMs);
            snapshot = s;
        }
        return s.acls();
    }
}

package dev.tributary.kafka.internal;

import dev.tributary.functions.security.AclOperation;
import dev.tributary.functions.security.Authorizer;
import dev.tributary.functions.security.Principal;
import dev.tributary.functions.security.ResourceType;
import dev.tributary.storage.Topic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.requests.RequestContext;
import org.apache.kafka.common.security.auth.KafkaPrincipal;

/**
 * The HTTP API's ACL checks for Kafka requests: the same {@link Authorizer}, the same
 * resources and operations, answered with Kafka's authorization errors
 * ({@code TOPIC_AUTHORIZATION_FAILED}, {@code GROUP_AUTHORIZATION_FAILED},
 * {@code CLUSTER_AUTHORIZATION_FAILED}). The principal is the one the connection
 * authenticated as, carried in every {@link RequestContext}. A topic named in a request is
 * checked before it is looked up, so a principal without access cannot tell whether it
 * exists (as in Kafka). Thread-safe.
 */
public final class Access {
    private final Authorizer authorizer;
    private final TopicResolver resolver;

    public Access(Authorizer authorizer, TopicResolver resolver) {
        this.authorizer = authorizer;
        this.resolver = resolver;
    }

    /** The Tributary principal of a request. */
    public static Principal principal(RequestContext context) {
        KafkaPrincipal p = context.principal;
        return new Principal(p.getPrincipalType(), p.getName());
    }

    public boolean allowed(RequestContext context, ResourceType type, String name, AclOperation operation) {
        return authorizer.allowed(principal(context), type, name, operation);
    }

    /** {@code TOPIC_AUTHORIZATION_FAILED} unless allowed. */
    public void topic(RequestContext context, String topic, AclOperation operation) {
        if (!allowed(context, ResourceType.TOPIC, topic, operation)) {
            throw new TopicAuthorizationException(principal(context) + " may not " + operation + " topic '" + topic + "'.",
                    java.util.Set.of(topic));
        }
    }

    /**
     * The topic a request names (by name, or by id in newer versions) once {@code operation}
     * on it is allowed; a name is checked before the lookup, an id after it.
     */
    public Topic topic(RequestContext context, String name, Uuid id, AclOperation operation) {
        if (name != null && !name.isEmpty()) {
            topic(context, name, operation);
            return resolver.byName(name);
        }
        Topic topic = resolver.resolve(name, id);
        topic(context, topic.name(), operation);
        return topic;
    }

    /** {@code GROUP_AUTHORIZATION_FAILED} unless allowed. */
    public void group(RequestContext context, String group, AclOperation operation) {
        if (!allowed(context, ResourceType.GROUP, group, operation)) {
            throw new GroupAuthorizationException(principal(context) + " may not " + operation + " group '" + group + "'.",
                    group);
        }
    }

    /** {@code CLUSTER_AUTHORIZATION_FAILED} unless allowed on the cluster. */
    public void cluster(RequestContext context, AclOperation operation) {
        if (!allowed(context, ResourceType.CLUSTER, ResourceType.CLUSTER_NAME, operation)) {
            throw new ClusterAuthorizationException(principal(context) + " may not " + operation + " the cluster.");
        }
    }

    /** Kafka's rule for creating a topic: CREATE on the cluster, or CREATE on the topic's name. */
    public void createTopic(RequestContext context, String topic) {
        if (!allowed(context, ResourceType.CLUSTER, ResourceType.CLUSTER_NAME, AclOperation.CREATE)) {
            topic(context, topic, AclOperation.CREATE);
        }
    }

    /** Kafka's rule for idempotent producers: IDEMPOTENT_WRITE on the cluster, or WRITE on at least one topic. */
    public void idempotentWrite(RequestContext context) {
        if (!authorizer.allowedOnAny(principal(context), ResourceType.TOPIC, AclOperation.WRITE)) {
            cluster(context, AclOperation.IDEMPOTENT_WRITE);
        }
    }
}

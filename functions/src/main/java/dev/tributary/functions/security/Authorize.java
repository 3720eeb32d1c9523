package dev.tributary.functions.security;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The permission an endpoint needs, checked by {@link AuthorizationFilter} before the
 * handler runs. Every {@code /v1} endpoint carries one (a test fails otherwise, and the
 * filter refuses an unmapped endpoint). The resource name is the path variable
 * {@code topic} or {@code group} (or {@link #nameFrom()}); the cluster is
 * {@link ResourceType#CLUSTER_NAME}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Authorize {
    ResourceType resource();

    AclOperation operation();

    /** The path variable naming the resource; empty for the default of the resource type. */
    String nameFrom() default "";

    /**
     * The handler makes the check itself with {@link Authorizer}, because the name is in
     * the body (topic creation) or the answer is filtered to what the caller may see
     * (listings). The filter then checks nothing.
     */
    boolean inHandler() default false;
}

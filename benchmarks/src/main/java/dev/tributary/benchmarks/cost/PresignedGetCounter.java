package dev.tributary.benchmarks.cost;

import java.io.IOException;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the S3 GETs the Tributary SDK makes with presigned URLs, which bypass the AWS
 * SDK (and so {@link AwsRequestCounter}): the JDK HTTP client asks the default
 * {@link ProxySelector} once per request, with the request's URI, so a selector that
 * counts URIs carrying a SigV4 query signature and answers "no proxy" sees every one of
 * them without touching the SDK. Install it before the SDK clients are built (they capture
 * the default selector). Thread-safe.
 */
public final class PresignedGetCounter extends ProxySelector {
    private static final PresignedGetCounter INSTANCE = new PresignedGetCounter();
    private final LongAdder gets = new LongAdder();

    private PresignedGetCounter() {
    }

    public static synchronized void install() {
        if (ProxySelector.getDefault() != INSTANCE) {
            ProxySelector.setDefault(INSTANCE);
        }
    }

    public static long count() {
        return INSTANCE.gets.sum();
    }

    @Override
    public List<Proxy> select(URI uri) {
        String query = uri.getRawQuery();
        if (query != null && query.contains("X-Amz-Signature=")) {
            gets.increment();
        }
        return List.of(Proxy.NO_PROXY);
    }

    @Override
    public void connectFailed(URI uri, SocketAddress address, IOException e) {
        // nothing to remember: the harness only talks to 127.0.0.1
    }
}

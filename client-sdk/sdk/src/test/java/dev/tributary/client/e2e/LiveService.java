package dev.tributary.client.e2e;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.util.Map;

/**
 * The real service for end-to-end tests: started once per test JVM in-process on a
 * throw-away embedded stack (DynamoDB Local + s3proxy), or an external one given by
 * {@code -Dtributary.e2e.endpoint=URL}.
 */
public final class LiveService {
    private static URI endpoint;
    private static ApplicationContext context;

    private LiveService() {
    }

    public static synchronized URI endpoint() {
        if (endpoint == null) {
            String url = System.getProperty("tributary.e2e.endpoint");
            if (url != null && !url.isBlank()) {
                endpoint = URI.create(url);
            } else {
                context = ApplicationContext.run(Map.of("micronaut.server.port", -1,
                        "tributary.storage.mode", "embedded", "tributary.storage.data-dir", ""));
                Runtime.getRuntime().addShutdownHook(new Thread(context::close));
                endpoint = context.getBean(EmbeddedServer.class).start().getURI();
            }
        }
        return endpoint;
    }

    /** The in-process service's context (to run maintenance now), empty for an external endpoint. */
    public static synchronized java.util.Optional<ApplicationContext> context() {
        endpoint();
        return java.util.Optional.ofNullable(context);
    }
}

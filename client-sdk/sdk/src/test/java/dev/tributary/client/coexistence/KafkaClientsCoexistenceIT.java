package dev.tributary.client.coexistence;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.client.e2e.LiveService;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.jpountz.lz4.LZ4Factory;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The packaged SDK jar (tributary-core and kafka-clients shaded in, relocated) works in an
 * application that has a different kafka-clients first on its class path: an isolated
 * class loader holds that kafka-clients, the SDK jar, the SDK's remaining dependencies and
 * the probe, nothing else.
 */
class KafkaClientsCoexistenceIT {

    private static URL jarOf(Class<?> c) {
        return c.getProtectionDomain().getCodeSource().getLocation();
    }

    @Test
    void sdkJar_producesAndConsumes_withAnOlderKafkaClientsAheadOfIt() throws Exception {
        String kafkaJar = System.getProperty("tributary.coexistence.kafka.jar");
        String sdkJar = System.getProperty("tributary.sdk.jar");
        assertThat(kafkaJar).as("set by the build").isNotNull();
        List<URL> urls = new ArrayList<>();
        urls.add(Path.of(kafkaJar).toUri().toURL());
        urls.add(Path.of(sdkJar).toUri().toURL());
        for (Class<?> dependency : List.of(ObjectMapper.class, JsonFactory.class, JsonProperty.class,
                LoggerFactory.class, LZ4Factory.class)) {
            urls.add(jarOf(dependency));
        }
        urls.add(jarOf(CoexistenceProbe.class));
        String endpoint = LiveService.endpoint().toString();
        try (URLClassLoader app = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
            Class<?> probe = app.loadClass(CoexistenceProbe.class.getName());
            assertThat(probe.getClassLoader()).isSameAs(app);
            @SuppressWarnings("unchecked")
            List<String> result = (List<String>) probe.getMethod("run", String.class, String.class)
                    .invoke(null, endpoint, "coexistence-" + System.nanoTime());
            assertThat(result.get(0)).isEqualTo("3.7.1");
            assertThat(result.subList(1, result.size())).containsExactly("v0", "v1", "v2", "v3", "v4");
        }
    }
}

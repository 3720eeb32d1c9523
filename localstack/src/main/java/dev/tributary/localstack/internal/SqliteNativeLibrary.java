package dev.tributary.localstack.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Optional;

/**
 * Makes the sqlite4java native library that DynamoDB Local runs on loadable, by pointing
 * the {@value #PROPERTY} system property at a directory holding it.
 *
 * <p>Sources, first match wins:
 * <ol>
 *   <li>the property already set by the user or the build (this module's tests point it
 *       at {@code target/native-libs}, filled by the dependency plugin);</li>
 *   <li>the native artifacts next to the sqlite4java jar in the local Maven repository,
 *       where Maven put them as DynamoDB Local's runtime dependencies;</li>
 *   <li>the copy DynamoDB Local bundles inside its own jar, extracted once to a
 *       per-version directory under {@code java.io.tmpdir} (fat jars, IDE runs).</li>
 * </ol>
 *
 * <p>Thread-safe: {@link #ensureAvailable()} is synchronized and idempotent.
 */
public final class SqliteNativeLibrary {

    /** The system property sqlite4java reads its library directory from. */
    public static final String PROPERTY = "sqlite4java.library.path";

    private static final Logger log = LoggerFactory.getLogger(SqliteNativeLibrary.class);
    private static final String BUNDLED_ROOT = "com/amazonaws/services/dynamodbv2/local/shared/access/sqlite/native/";
    private static final String SQLITE4JAVA_CLASS = "com/almworks/sqlite4java/SQLite.class";

    private SqliteNativeLibrary() {
    }

    /**
     * Sets {@value #PROPERTY} unless it already names an existing directory.
     *
     * @return the directory in use
     * @throws IllegalStateException if no library for this platform can be found
     */
    public static synchronized Path ensureAvailable() {
        String configured = System.getProperty(PROPERTY);
        if (configured != null && !configured.isBlank() && Files.isDirectory(Path.of(configured))) {
            return Path.of(configured);
        }
        Platform platform = Platform.current();
        Path directory = fromMavenRepository(platform)
                .or(() -> extractBundled(platform))
                .orElseThrow(() -> new IllegalStateException("no sqlite4java native library for "
                        + platform + "; set -D" + PROPERTY + " to a directory holding " + platform.mavenFileName()));
        System.setProperty(PROPERTY, directory.toString());
        // Inside a fat jar sqlite4java cannot tell its own version and warns "unknown jar
        // version" through java.util.logging at every start; nothing is wrong. Only that
        // message is dropped (the logger is held in a field so the filter sticks).
        SQLITE4JAVA_LOG.setFilter(r -> r.getMessage() == null || !r.getMessage().contains("unknown jar version"));
        log.debug("sqlite4java native library directory: {}", directory);
        return directory;
    }

    private static final java.util.logging.Logger SQLITE4JAVA_LOG = java.util.logging.Logger.getLogger("com.almworks.sqlite4java");

    private static Optional<Path> fromMavenRepository(Platform platform) {
        Optional<Path> jar = codeSourceOf(SQLITE4JAVA_CLASS);
        if (jar.isEmpty() || !Files.isRegularFile(jar.get())) {
            return Optional.empty();
        }
        // <repo>/com/almworks/sqlite4java/sqlite4java/<version>/sqlite4java-<version>.jar
        Path versionDir = jar.get().getParent();
        Path groupDir = versionDir.getParent() == null ? null : versionDir.getParent().getParent();
        if (groupDir == null) {
            return Optional.empty();
        }
        Path candidateDir = groupDir.resolve(platform.artifactId()).resolve(versionDir.getFileName());
        String fileName = platform.artifactId() + "-" + versionDir.getFileName() + "." + platform.extension();
        return Files.isRegularFile(candidateDir.resolve(fileName)) ? Optional.of(candidateDir) : Optional.empty();
    }

    private static Optional<Path> extractBundled(Platform platform) {
        String resource = BUNDLED_ROOT + platform.bundledFolder() + "/" + platform.bundledFileName();
        ClassLoader loader = SqliteNativeLibrary.class.getClassLoader();
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                return Optional.empty();
            }
            byte[] bytes = in.readAllBytes();
            // Content-addressed directory: concurrent JVMs extracting the same library
            // agree on the result, and a different DynamoDB Local version gets its own.
            String digest = Integer.toHexString(java.util.Arrays.hashCode(bytes));
            Path directory = Path.of(System.getProperty("java.io.tmpdir"), "tributary-sqlite4java-" + digest);
            Path target = directory.resolve(platform.mavenFileName());
            if (!Files.isRegularFile(target) || Files.size(target) != bytes.length) {
                Files.createDirectories(directory);
                Path temporary = Files.createTempFile(directory, "lib", ".tmp");
                Files.write(temporary, bytes);
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            return Optional.of(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract " + resource, e);
        }
    }

    private static Optional<Path> codeSourceOf(String classResource) {
        try {
            var url = SqliteNativeLibrary.class.getClassLoader().getResource(classResource);
            if (url == null || !"jar".equals(url.getProtocol())) {
                return Optional.empty();
            }
            String spec = url.getPath();
            int bang = spec.indexOf("!/");
            return Optional.of(Path.of(new java.net.URI(spec.substring(0, bang))));
        } catch (URISyntaxException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The current OS and architecture, mapped to both naming schemes. */
    record Platform(String artifactId, String extension, String bundledFolder, String bundledFileName) {

        static Platform current() {
            String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
            String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
            boolean arm64 = arch.equals("aarch64") || arch.equals("arm64");
            boolean x64 = arch.equals("amd64") || arch.equals("x86_64");
            if (os.contains("mac") || os.contains("darwin")) {
                // sqlite4java publishes one universal artifact; DynamoDB Local bundles one per arch.
                return new Platform("libsqlite4java-osx", "dylib", "Mac/" + (arm64 ? "aarch64" : "x86_64"), "libsqlite4java.dylib");
            }
            if (os.contains("windows")) {
                return x64
                        ? new Platform("sqlite4java-win32-x64", "dll", "Windows/x86_64", "sqlite4java.dll")
                        : new Platform("sqlite4java-win32-x86", "dll", "Windows/x86", "sqlite4java.dll");
            }
            if (arm64) {
                // No Maven Central artifact exists for Linux on ARM; only the bundled copy.
                return new Platform("libsqlite4java-linux-aarch64", "so", "Linux/aarch64", "libsqlite4java.so");
            }
            return x64
                    ? new Platform("libsqlite4java-linux-amd64", "so", "Linux/x86_64", "libsqlite4java.so")
                    : new Platform("libsqlite4java-linux-i386", "so", "Linux/x86", "libsqlite4java.so");
        }

        /** The file name sqlite4java looks for in its library directory. */
        String mavenFileName() {
            return artifactId + "." + extension;
        }
    }
}

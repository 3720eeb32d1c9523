package dev.tributary.localstack;

import com.amazonaws.services.dynamodbv2.local.main.CommandLineInput;
import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import dev.tributary.localstack.internal.DurableCommits;
import dev.tributary.localstack.internal.Provisioner;
import dev.tributary.localstack.internal.SqliteNativeLibrary;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * DynamoDB and S3 running inside this JVM: DynamoDB Local and s3proxy on its file-system
 * blob store, provisioned with the tables and bucket of the deployment template.
 *
 * <p>Used by local mode and by integration tests; no Docker and no network access
 * needed. With a {@link Builder#dataDir(Path) data directory} everything survives a
 * restart ({@code <dataDir>/dynamodb} holds the SQLite file, {@code <dataDir>/s3} one
 * folder per bucket); without one, DynamoDB runs in memory and S3 in a temporary
 * directory that {@link #close()} deletes.
 *
 * <p>Both servers listen on the loopback interface, and S3 checks AWS signatures
 * (V2 or V4) against the fixed credentials returned by {@link #accessKeyId()} and
 * {@link #secretAccessKey()}, so presigned URLs behave as they do on AWS.
 *
 * <p>Thread-safe: {@link #start()} and {@link #close()} are synchronized; the getters
 * may be called from any thread once started. A stack starts at most once; start a new
 * one (on the same data directory) to restart.
 */
public final class EmbeddedStack implements AutoCloseable {

    /**
     * Access key accepted by the embedded S3. DynamoDB Local accepts any key made of
     * letters and digits only, which this one is.
     */
    public static final String ACCESS_KEY_ID = "tributarylocal";
    /** Secret key accepted by the embedded S3. */
    public static final String SECRET_ACCESS_KEY = "tributarylocalsecret";

    private static final Logger log = LoggerFactory.getLogger(EmbeddedStack.class);
    private static final String LOOPBACK = "127.0.0.1";
    private static final int BIND_ATTEMPTS = 5;
    private static final long STOP_TIMEOUT_MS = 200;

    private static EmbeddedStack shared;

    private final Path dataDir;
    private final String namePrefix;
    private final String bucket;
    private final String region;
    private final int requestedDynamoDbPort;
    private final int requestedS3Port;
    private final InfraTemplate template;

    private Path s3Root;
    private boolean deleteS3RootOnClose;
    private DynamoDBProxyServer dynamoDb;
    private S3Proxy s3;
    private URI dynamoDbEndpoint;
    private URI s3Endpoint;
    private Map<String, String> tableNames;
    private State state = State.NEW;

    private enum State { NEW, STARTED, CLOSED }

    private EmbeddedStack(Builder builder) {
        this.dataDir = builder.dataDir;
        this.namePrefix = builder.namePrefix;
        this.bucket = builder.bucket != null ? builder.bucket : builder.namePrefix + "-segments-local";
        this.region = builder.region;
        this.requestedDynamoDbPort = builder.dynamoDbPort;
        this.requestedS3Port = builder.s3Port;
        this.template = builder.template != null ? builder.template : InfraTemplate.load();
    }

    /** A builder with defaults for an ephemeral stack on free ports. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The JVM-wide ephemeral stack, started on first use and closed by a shutdown hook.
     * Integration tests share it so that a suite pays the start-up cost once; they must
     * not close it, and should use unique topic and key names to stay independent.
     */
    public static synchronized EmbeddedStack shared() {
        if (shared == null) {
            EmbeddedStack stack = builder().build().start();
            Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "tributary-embedded-stack-shutdown"));
            shared = stack;
        }
        return shared;
    }

    /**
     * Starts DynamoDB Local and s3proxy, then creates whatever tables and bucket are
     * missing. Idempotent with respect to existing data.
     *
     * @return this stack
     * @throws IllegalStateException if already started or closed
     * @throws EmbeddedStackException if a server cannot start or provisioning fails;
     *         anything already started is stopped again
     */
    public synchronized EmbeddedStack start() {
        if (state != State.NEW) {
            throw new IllegalStateException("an embedded stack starts once; it is " + state);
        }
        state = State.STARTED;
        long startNanos = System.nanoTime();
        try {
            startDynamoDb();
            startS3();
            Provisioner provisioner = new Provisioner(dynamoDbClient(), template, namePrefix);
            provisioner.createTables();
            makeCommitsDurable();
            provisioner.createBucket(s3Client(), bucket);
            tableNames = template.tableNamesBySuffix(namePrefix);
        } catch (RuntimeException e) {
            close();
            throw e instanceof EmbeddedStackException ? e : new EmbeddedStackException("embedded stack failed to start", e);
        }
        log.info("Embedded stack up in {} ms: DynamoDB {} S3 {} bucket {} data {}",
                (System.nanoTime() - startNanos) / 1_000_000, dynamoDbEndpoint, s3Endpoint, bucket,
                dataDir == null ? "(ephemeral)" : dataDir);
        return this;
    }

    /**
     * Stops the S3 server only, keeping DynamoDB up and the objects on disk, so tests can see
     * what the application does when S3 cannot be reached. {@link #close()} still stops the rest.
     */
    public synchronized void stopS3() {
        List<Exception> failures = new ArrayList<>();
        stopS3(failures);
        if (!failures.isEmpty()) {
            throw new EmbeddedStackException("s3proxy did not stop cleanly", failures.get(0));
        }
    }

    private void stopS3(List<Exception> failures) {
        if (s3 != null) {
            try {
                s3.stop();
            } catch (java.util.concurrent.TimeoutException idleConnectionsLeft) {
                // Jetty completes the stop and only reports that the graceful phase
                // ran out of time: some client kept an idle connection open.
            } catch (Exception e) {
                failures.add(e);
            }
            s3 = null;
        }
    }

    /**
     * Stops both servers and releases their ports; idempotent. Ephemeral S3 data is
     * deleted. DynamoDB Local's background jobs (TTL deletion, stream shard rollover)
     * notice the stop only when their current sleep ends, so their non-daemon threads
     * can outlive this call by a while; a process that must exit promptly afterwards
     * should call {@link System#exit(int)}.
     */
    @Override
    public synchronized void close() {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        List<Exception> failures = new ArrayList<>();
        stopS3(failures);
        if (dynamoDb != null) {
            try {
                dynamoDb.stop();
            } catch (Exception e) {
                failures.add(e);
            }
            dynamoDb = null;
        }
        if (deleteS3RootOnClose && s3Root != null) {
            try {
                deleteRecursively(s3Root);
            } catch (IOException e) {
                failures.add(e);
            }
        }
        if (!failures.isEmpty()) {
            EmbeddedStackException failure = new EmbeddedStackException("embedded stack did not stop cleanly", failures.get(0));
            failures.stream().skip(1).forEach(failure::addSuppressed);
            throw failure;
        }
    }

    /**
     * A persistent stack must not acknowledge a transaction that a crash can take back;
     * see {@link DurableCommits}. Runs after provisioning, when DynamoDB Local has opened
     * its database, and before anyone else can reach it.
     */
    private void makeCommitsDurable() {
        if (dataDir != null && DurableCommits.install(dynamoDb) == 0 && !DurableCommits.installedOn(dynamoDb)) {
            log.warn("DynamoDB Local acknowledges transactions before they are on disk and this version cannot be "
                    + "changed to wait: a crash of this process may lose the last acknowledged writes");
        }
    }

    /** Whether acknowledged DynamoDB transactions survive a crash of this process (always true in memory: nothing survives). */
    boolean transactionsDurable() {
        requireStarted();
        return dataDir == null || DurableCommits.installedOn(dynamoDb);
    }

    /** DynamoDB endpoint, e.g. {@code http://127.0.0.1:41234}. */
    public URI dynamoDbEndpoint() {
        requireStarted();
        return dynamoDbEndpoint;
    }

    /** S3 endpoint; use path-style addressing. */
    public URI s3Endpoint() {
        requireStarted();
        return s3Endpoint;
    }

    /** Region the clients should sign for. */
    public String region() {
        return region;
    }

    /** Access key for both services. */
    public String accessKeyId() {
        return ACCESS_KEY_ID;
    }

    /** Secret key for both services. */
    public String secretAccessKey() {
        return SECRET_ACCESS_KEY;
    }

    /** The segment bucket. */
    public String bucket() {
        return bucket;
    }

    /** Prefix of every table name. */
    public String namePrefix() {
        return namePrefix;
    }

    /** The data directory, or {@code null} for an ephemeral stack. */
    public Path dataDir() {
        return dataDir;
    }

    /** Physical table names keyed by suffix, e.g. {@code "topics" -> "tributary-topics"}. */
    public Map<String, String> tableNames() {
        requireStarted();
        return tableNames;
    }

    /** The template this stack was provisioned from. */
    public InfraTemplate template() {
        return template;
    }

    /** A new DynamoDB client for this stack; the caller closes it. */
    public DynamoDbClient dynamoDbClient() {
        requireStarted();
        return DynamoDbClient.builder()
                .endpointOverride(dynamoDbEndpoint)
                .region(Region.of(region))
                .credentialsProvider(credentials())
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
    }

    /** A new path-style S3 client for this stack; the caller closes it. */
    public S3Client s3Client() {
        requireStarted();
        return S3Client.builder()
                .endpointOverride(s3Endpoint)
                .region(Region.of(region))
                .credentialsProvider(credentials())
                .forcePathStyle(true)
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
    }

    /** A new path-style S3 presigner for this stack; the caller closes it. */
    public S3Presigner s3Presigner() {
        requireStarted();
        return S3Presigner.builder()
                .endpointOverride(s3Endpoint)
                .region(Region.of(region))
                .credentialsProvider(credentials())
                .serviceConfiguration(software.amazon.awssdk.services.s3.S3Configuration.builder()
                        .pathStyleAccessEnabled(true)
                        .build())
                .build();
    }

    /** Static credentials provider for {@link #accessKeyId()} / {@link #secretAccessKey()}. */
    public StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY_ID, SECRET_ACCESS_KEY));
    }

    @Override
    public String toString() {
        return "EmbeddedStack{dynamoDb=" + dynamoDbEndpoint + ", s3=" + s3Endpoint + ", bucket=" + bucket
                + ", namePrefix=" + namePrefix + ", dataDir=" + dataDir + ", state=" + state + "}";
    }

    private void startDynamoDb() {
        SqliteNativeLibrary.ensureAvailable();
        List<String> args = new ArrayList<>(List.of("-sharedDb", "-disableTelemetry"));
        if (dataDir == null) {
            args.add("-inMemory");
        } else {
            Path dbDir = createDirectories(dataDir.resolve("dynamodb"));
            args.add("-dbPath");
            args.add(dbDir.toString());
        }
        // DynamoDB Local cannot report the port it bound, so a free port is picked
        // first; another process may take it in between, hence the retries.
        Exception last = null;
        for (int attempt = 0; attempt < (requestedDynamoDbPort == 0 ? BIND_ATTEMPTS : 1); attempt++) {
            int port = requestedDynamoDbPort == 0 ? freePort() : requestedDynamoDbPort;
            List<String> withPort = new ArrayList<>(args);
            withPort.add("-port");
            withPort.add(Integer.toString(port));
            DynamoDBProxyServer server = null;
            try {
                // createServerFromCommandLineArgs would print its configuration to stdout.
                CommandLineInput input = new CommandLineInput(withPort.toArray(String[]::new));
                if (!input.init()) {
                    throw new EmbeddedStackException("DynamoDB Local refused its arguments " + withPort, null);
                }
                server = ServerRunner.createServer(input);
                bindToLoopback(server);
                server.start();
                dynamoDb = server;
                dynamoDbEndpoint = URI.create("http://" + LOOPBACK + ":" + port);
                return;
            } catch (Exception e) {
                last = e;
                stopQuietly(server);
            }
        }
        throw new EmbeddedStackException("DynamoDB Local did not start", last);
    }

    private void startS3() {
        if (dataDir == null) {
            try {
                s3Root = Files.createTempDirectory("tributary-s3-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            deleteS3RootOnClose = true;
        } else {
            s3Root = createDirectories(dataDir.resolve("s3"));
        }
        Exception last = null;
        for (int attempt = 0; attempt < (requestedS3Port == 0 ? BIND_ATTEMPTS : 1); attempt++) {
            int port = requestedS3Port == 0 ? freePort() : requestedS3Port;
            S3Proxy proxy = S3Proxy.builder()
                    .blobStore(new FilesystemNio2BlobStore(s3Root.toString()))
                    .endpoint(URI.create("http://" + LOOPBACK + ":" + port))
                    .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY_ID, SECRET_ACCESS_KEY)
                    .metricsEnabled(false)
                    // Graceful stop waits for idle keep-alive connections held by
                    // clients that were never closed; nothing is in flight by then.
                    .stopTimeout(STOP_TIMEOUT_MS)
                    .build();
            try {
                proxy.start();
                awaitStarted(proxy);
                s3 = proxy;
                s3Endpoint = URI.create("http://" + LOOPBACK + ":" + port);
                return;
            } catch (Exception e) {
                last = e;
                try {
                    proxy.stop();
                } catch (Exception ignored) {
                    // Nothing to release if it never bound.
                }
            }
        }
        throw new EmbeddedStackException("s3proxy did not start", last);
    }

    /**
     * DynamoDB Local listens on all interfaces and accepts any credentials; on a laptop
     * that would expose the data to the network. Its Jetty server is not reachable
     * through the public API, so the host is set reflectively, and where that fails
     * (a future DynamoDB Local) the stack still starts, only less private.
     */
    private static void bindToLoopback(DynamoDBProxyServer server) {
        try {
            Field field = DynamoDBProxyServer.class.getDeclaredField("server");
            field.setAccessible(true);
            Server jetty = (Server) field.get(server);
            for (Connector connector : jetty.getConnectors()) {
                if (connector instanceof ServerConnector serverConnector) {
                    serverConnector.setHost(LOOPBACK);
                }
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.warn("DynamoDB Local will listen on all interfaces: cannot restrict it to {}: {}", LOOPBACK, e.toString());
        }
    }

    private static void awaitStarted(S3Proxy proxy) throws InterruptedException {
        // S3Proxy.start() returns before Jetty reports STARTED on some paths; requests
        // sent earlier are refused.
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!"STARTED".equals(proxy.getState())) {
            if (System.nanoTime() > deadline || "FAILED".equals(proxy.getState())) {
                throw new IllegalStateException("s3proxy state " + proxy.getState());
            }
            Thread.sleep(5);
        }
    }

    private void requireStarted() {
        if (state != State.STARTED) {
            throw new IllegalStateException("embedded stack is " + state);
        }
    }

    private static void stopQuietly(DynamoDBProxyServer server) {
        if (server == null) {
            return;
        }
        try {
            server.stop();
        } catch (Exception ignored) {
            // Best effort after a failed start.
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }

    private static Path createDirectories(Path path) {
        try {
            return Files.createDirectories(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + path, e);
        }
    }

    private static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /**
     * Settings for an {@link EmbeddedStack}. Not thread-safe; {@link #build()} validates.
     */
    public static final class Builder {
        private Path dataDir;
        private String namePrefix = "tributary";
        private String bucket;
        private String region = "us-east-1";
        private int dynamoDbPort;
        private int s3Port;
        private InfraTemplate template;

        private Builder() {
        }

        /** Directory that keeps data across restarts; {@code null} (default) for an ephemeral stack. */
        public Builder dataDir(Path dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        /** Prefix of every table name; default {@code tributary}. */
        public Builder namePrefix(String namePrefix) {
            this.namePrefix = namePrefix;
            return this;
        }

        /** Bucket name; default {@code <namePrefix>-segments-local}. */
        public Builder bucket(String bucket) {
            this.bucket = bucket;
            return this;
        }

        /** Region clients sign for; default {@code us-east-1}. */
        public Builder region(String region) {
            this.region = region;
            return this;
        }

        /** DynamoDB port; 0 (default) picks a free one. */
        public Builder dynamoDbPort(int dynamoDbPort) {
            this.dynamoDbPort = dynamoDbPort;
            return this;
        }

        /** S3 port; 0 (default) picks a free one. */
        public Builder s3Port(int s3Port) {
            this.s3Port = s3Port;
            return this;
        }

        /** Template to provision from; default the one on the classpath. */
        public Builder template(InfraTemplate template) {
            this.template = template;
            return this;
        }

        /**
         * Validates the settings.
         *
         * @throws IllegalArgumentException if a setting is out of range
         */
        public EmbeddedStack build() {
            Objects.requireNonNull(namePrefix, "namePrefix");
            Objects.requireNonNull(region, "region");
            if (!namePrefix.matches("[A-Za-z0-9_.-]{1,200}")) {
                throw new IllegalArgumentException("namePrefix must be a valid table-name prefix: " + namePrefix);
            }
            String effectiveBucket = bucket != null ? bucket : namePrefix + "-segments-local";
            if (!effectiveBucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
                throw new IllegalArgumentException("not a valid bucket name: " + effectiveBucket);
            }
            checkPort(dynamoDbPort, "dynamoDbPort");
            checkPort(s3Port, "s3Port");
            return new EmbeddedStack(this);
        }

        /** Shorthand for {@code build().start()}. */
        public EmbeddedStack start() {
            return build().start();
        }

        private static void checkPort(int port, String name) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException(name + " out of range: " + port);
            }
        }
    }
}

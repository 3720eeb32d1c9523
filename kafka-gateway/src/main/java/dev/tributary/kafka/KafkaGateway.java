package dev.tributary.kafka;

import dev.tributary.functions.admin.TopicService;
import dev.tributary.functions.fetch.FetchService;
import dev.tributary.functions.groups.GroupService;
import dev.tributary.functions.maintenance.LogStartService;
import dev.tributary.functions.security.AuthModes;
import dev.tributary.functions.security.Authorizer;
import dev.tributary.functions.security.JwtAuthenticator;
import dev.tributary.functions.security.Quotas;
import dev.tributary.functions.produce.ProduceService;
import dev.tributary.functions.produce.ProducerSequencer;
import dev.tributary.kafka.internal.Access;
import dev.tributary.kafka.internal.AdminHandlers;
import dev.tributary.kafka.internal.ClassicGroupHandlers;
import dev.tributary.kafka.internal.ClusterView;
import dev.tributary.kafka.internal.FetchHandlers;
import dev.tributary.kafka.internal.GroupHandlers;
import dev.tributary.kafka.internal.KafkaConnectionHandler;
import dev.tributary.kafka.internal.MetadataHandlers;
import dev.tributary.kafka.internal.ProduceHandlers;
import dev.tributary.kafka.internal.RequestDispatcher;
import dev.tributary.kafka.internal.SaslHandlers;
import dev.tributary.kafka.internal.Session;
import dev.tributary.kafka.internal.TlsContexts;
import dev.tributary.kafka.internal.TopicResolver;
import dev.tributary.storage.ProducerStore;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.ssl.SslContext;
import jakarta.annotation.PreDestroy;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.protocol.ApiKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka wire-protocol server: a Netty listener that speaks Kafka's protocol with
 * kafka-clients' own request and response classes and serves every request in-process
 * through the same services as the HTTP API. Started with the application unless
 * {@code tributary.kafka.enabled=false}; see {@link KafkaGatewayConfig}.
 *
 * <p>Stateless: every instance serves every partition, and a restart loses nothing but
 * open connections. Connections speak TLS when configured, and authenticate with SASL when
 * {@code tributary.security.auth} requires authentication; every request then runs as the
 * connection's principal under the HTTP API's ACLs. Thread-safe.
 */
@Context
@Requires(property = "tributary.kafka.enabled", notEquals = "false")
public class KafkaGateway implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaGateway.class);

    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final ExecutorService handlers;
    private final Channel channel;
    private final int port;

    public KafkaGateway(KafkaGatewayConfig config, TopicService topics, ProduceService produce, FetchService fetch,
                        ProducerStore producers, ProducerSequencer sequencer, GroupService groups,
                        LogStartService logStarts, AuthModes modes, dev.tributary.functions.security.ApiKeys apiKeys,
                        JwtAuthenticator jwt, Authorizer authorizer, Quotas quotas, Clock clock) {
        AtomicInteger threads = new AtomicInteger();
        this.handlers = Executors.newFixedThreadPool(config.getHandlerThreads(), r -> {
            Thread t = new Thread(r, "kafka-handler-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        SaslHandlers sasl = new SaslHandlers(modes.modes(), apiKeys, jwt, clock);
        this.boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        this.workers = new MultiThreadIoEventLoopGroup(0, NioIoHandler.newFactory());
        try {
            ServerBootstrap bootstrap = new ServerBootstrap()
                    .group(boss, workers)
                    .channel(NioServerSocketChannel.class)
                    // No connection is accepted before the dispatcher below exists.
                    .option(ChannelOption.AUTO_READ, false)
                    .childOption(ChannelOption.TCP_NODELAY, true);
            RequestDispatcher[] dispatcher = new RequestDispatcher[1];
            SslContext tls = config.getTls().isEnabled() ? TlsContexts.server(config.getTls()) : null;
            bootstrap.childHandler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel ch) {
                    if (tls != null) {
                        ch.pipeline().addLast(tls.newHandler(ch.alloc()));
                    }
                    ch.pipeline()
                            .addLast(new LengthFieldBasedFrameDecoder(config.getMaxRequestBytes(), 0, 4, 0, 4))
                            .addLast(new KafkaConnectionHandler(dispatcher[0], handlers,
                                    config.getMaxInFlightPerConnection(),
                                    new Session(tls != null, sasl.authenticationRequired())));
                }
            });
            this.channel = bootstrap.bind(new InetSocketAddress(config.getHost(), config.getPort())).sync().channel();
            this.port = ((InetSocketAddress) channel.localAddress()).getPort();
            ClusterView cluster = ClusterView.of(config.getClusterId(), config.getAdvertisedListeners(),
                    config.getAdvertisedHost(), port);
            dispatcher[0] = dispatcher(config, cluster, topics, produce, fetch, producers, sequencer, groups, logStarts,
                    handlers, authorizer, quotas, sasl, clock);
            channel.config().setAutoRead(true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new IllegalStateException("Interrupted while binding the Kafka listener", e);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        LOG.info("Kafka protocol listening on {}:{} ({}{})", config.getHost(), port,
                config.getTls().isEnabled() ? "TLS" : "plaintext", sasl.authenticationRequired() ? ", SASL " + String.join("/", sasl.mechanisms()) : ", unauthenticated");
    }

    private static RequestDispatcher dispatcher(KafkaGatewayConfig config, ClusterView cluster, TopicService topics,
                                         ProduceService produce, FetchService fetch, ProducerStore producers,
                                         ProducerSequencer sequencer, GroupService groups, LogStartService logStarts,
                                         ExecutorService executor, Authorizer authorizer, Quotas quotas,
                                         SaslHandlers sasl, Clock clock) {
        TopicResolver resolver = new TopicResolver(topics);
        Access access = new Access(authorizer, resolver);
        MetadataHandlers metadata = new MetadataHandlers(topics, resolver, cluster, access);
        ProduceHandlers producing = new ProduceHandlers(produce, producers, sequencer, access);
        FetchHandlers fetching = new FetchHandlers(fetch, access, executor);
        AdminHandlers admin = new AdminHandlers(topics, resolver, config.getDefaultPartitions(), access, logStarts);
        GroupHandlers group = new GroupHandlers(groups, resolver, cluster, access);
        ClassicGroupHandlers classic = new ClassicGroupHandlers(groups, access);
        return new RequestDispatcher(sasl, clock, quotas)
                .register(ApiKeys.METADATA, metadata::metadata)
                .register(ApiKeys.DESCRIBE_CLUSTER, metadata::describeCluster)
                .register(ApiKeys.PRODUCE, producing::produce)
                .register(ApiKeys.INIT_PRODUCER_ID, producing::initProducerId)
                .register(ApiKeys.FETCH, fetching::fetch)
                .register(ApiKeys.LIST_OFFSETS, fetching::listOffsets)
                .register(ApiKeys.OFFSET_FOR_LEADER_EPOCH, fetching::offsetsForLeaderEpoch)
                .register(ApiKeys.CREATE_TOPICS, admin::createTopics)
                .register(ApiKeys.DELETE_TOPICS, admin::deleteTopics)
                .register(ApiKeys.DELETE_RECORDS, admin::deleteRecords)
                .register(ApiKeys.CREATE_PARTITIONS, admin::createPartitions)
                .register(ApiKeys.DESCRIBE_CONFIGS, admin::describeConfigs)
                .register(ApiKeys.ALTER_CONFIGS, admin::alterConfigs)
                .register(ApiKeys.INCREMENTAL_ALTER_CONFIGS, admin::incrementalAlterConfigs)
                .register(ApiKeys.FIND_COORDINATOR, group::findCoordinator)
                .register(ApiKeys.CONSUMER_GROUP_HEARTBEAT, group::consumerGroupHeartbeat)
                .register(ApiKeys.OFFSET_COMMIT, group::offsetCommit)
                .register(ApiKeys.OFFSET_FETCH, group::offsetFetch)
                .register(ApiKeys.OFFSET_DELETE, group::offsetDelete)
                .register(ApiKeys.LIST_GROUPS, group::listGroups)
                .register(ApiKeys.DESCRIBE_GROUPS, group::describeGroups)
                .register(ApiKeys.JOIN_GROUP, classic::joinGroup)
                .register(ApiKeys.SYNC_GROUP, classic::syncGroup)
                .register(ApiKeys.HEARTBEAT, classic::heartbeat)
                .register(ApiKeys.LEAVE_GROUP, classic::leaveGroup);
    }

    /** The port the listener is bound to (useful when configured as 0). */
    public int port() {
        return port;
    }

    @PreDestroy
    @Override
    public void close() {
        if (channel != null) {
            channel.close().awaitUninterruptibly();
        }
        boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        handlers.shutdownNow();
    }
}

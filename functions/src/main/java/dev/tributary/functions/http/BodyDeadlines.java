package dev.tributary.functions.http;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.http.netty.channel.ChannelPipelineCustomizer;
import io.micronaut.http.server.netty.NettyServerCustomizer;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bounds request bodies in flight on the Netty server: a body must arrive completely within
 * {@code tributary.http.body-timeout} of its headers (else the connection is closed), and
 * at most {@code tributary.http.max-unfinished-bodies} bodies may be arriving at once
 * (others are answered {@code 503} and closed). Micronaut's idle timeouts do not cover a
 * client that sends part of a body and stops: the connection is not idle from the server's
 * point of view while a request is open. Long polls are unaffected (their requests have no
 * body). Thread-safe; one handler per connection, one shared counter.
 */
@Singleton
@Requires(classes = NettyServerCustomizer.class)
public class BodyDeadlines implements BeanCreatedEventListener<NettyServerCustomizer.Registry> {
    static final String HANDLER = "tributary-body-deadline";

    private final Config config;
    private final AtomicInteger unfinished = new AtomicInteger();

    /** {@code tributary.http.*}. */
    @ConfigurationProperties("tributary.http")
    public static class Config {
        private Duration bodyTimeout = Duration.ofSeconds(15);
        private int maxUnfinishedBodies = 256;

        public Duration getBodyTimeout() { return bodyTimeout; }
        public void setBodyTimeout(Duration bodyTimeout) { this.bodyTimeout = bodyTimeout; }
        public int getMaxUnfinishedBodies() { return maxUnfinishedBodies; }
        public void setMaxUnfinishedBodies(int maxUnfinishedBodies) { this.maxUnfinishedBodies = maxUnfinishedBodies; }
    }

    public BodyDeadlines(Config config) {
        this.config = config;
    }

    /** Bodies currently arriving, for tests and metrics. */
    public int unfinishedBodies() {
        return unfinished.get();
    }

    @Override
    public NettyServerCustomizer.Registry onCreated(BeanCreatedEvent<NettyServerCustomizer.Registry> event) {
        event.getBean().register(new PerChannel(null));
        return event.getBean();
    }

    private final class PerChannel implements NettyServerCustomizer {
        private final Channel channel;

        PerChannel(Channel channel) {
            this.channel = channel;
        }

        @Override
        public NettyServerCustomizer specializeForChannel(Channel channel, ChannelRole role) {
            return role == ChannelRole.CONNECTION ? new PerChannel(channel) : this;
        }

        @Override
        public void onStreamPipelineBuilt() {
            if (channel == null) {
                return;
            }
            ChannelPipeline pipeline = channel.pipeline();
            if (pipeline.get(ChannelPipelineCustomizer.HANDLER_HTTP_SERVER_CODEC) != null && pipeline.get(HANDLER) == null) {
                pipeline.addAfter(ChannelPipelineCustomizer.HANDLER_HTTP_SERVER_CODEC, HANDLER, new Handler());
            }
        }
    }

    private final class Handler extends ChannelDuplexHandler {
        private ScheduledFuture<?> deadline;
        private boolean counted;
        /** Set once a request was refused: everything after it on this connection is dropped. */
        private boolean refused;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (refused) {
                ReferenceCountUtil.release(msg);
                return;
            }
            if (msg instanceof HttpRequest request && !(msg instanceof LastHttpContent) && hasBody(request)) {
                if (unfinished.incrementAndGet() > config.getMaxUnfinishedBodies()) {
                    unfinished.decrementAndGet();
                    ReferenceCountUtil.release(msg);
                    refused = true;
                    refuse(ctx);
                    return;
                }
                counted = true;
                deadline = ctx.executor().schedule(() -> {
                    finish();
                    ctx.close();
                }, config.getBodyTimeout().toMillis(), TimeUnit.MILLISECONDS);
            }
            if (msg instanceof LastHttpContent) {
                finish();
            }
            ctx.fireChannelRead(msg);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            finish();
            super.channelInactive(ctx);
        }

        private boolean hasBody(HttpRequest request) {
            return HttpUtil.getContentLength(request, -1L) != 0 || HttpUtil.isTransferEncodingChunked(request);
        }

        private void finish() {
            if (deadline != null) {
                deadline.cancel(false);
                deadline = null;
            }
            if (counted) {
                counted = false;
                unfinished.decrementAndGet();
            }
        }

        private void refuse(ChannelHandlerContext ctx) {
            byte[] body = ("{\"type\":\"https://tributary.dev/problems/storage-unavailable\",\"title\":\"Busy\","
                    + "\"status\":503,\"detail\":\"Too many request bodies are arriving at once; retry.\","
                    + "\"errorCode\":\"STORAGE_UNAVAILABLE\",\"retriable\":true}").getBytes(StandardCharsets.UTF_8);
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                    HttpResponseStatus.SERVICE_UNAVAILABLE, Unpooled.wrappedBuffer(body));
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, Problems.MEDIA_TYPE)
                    .set(HttpHeaderNames.CONTENT_LENGTH, body.length)
                    .set(HttpHeaderNames.RETRY_AFTER, Problems.RETRY_AFTER_SECONDS)
                    .set(HttpHeaderNames.CONNECTION, "close");
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }
}

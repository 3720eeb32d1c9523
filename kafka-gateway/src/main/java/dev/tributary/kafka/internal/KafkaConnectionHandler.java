package dev.tributary.kafka.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.apache.kafka.common.network.ClientInformation;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ProduceRequest;
import org.apache.kafka.common.requests.RequestContext;
import org.apache.kafka.common.requests.RequestHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection: decodes each size-delimited frame with kafka-clients' own
 * request classes, runs it, and writes the responses in request order (Kafka clients match
 * responses to requests by order as well as by correlation id).
 *
 * <p>Requests of one connection start one at a time, in arrival order, on the handler
 * executor, so a producer's pipelined batches reach the produce path in the order they were
 * sent; their answers (produce acks, long-poll fetches) may complete later and out of order,
 * and are queued until every earlier answer is written. A frame that cannot be parsed
 * (unknown API key, truncated header or body) closes the connection, as a Kafka broker
 * does; other connections are unaffected. Reading pauses while
 * {@code maxInFlight} answers are pending.
 *
 * <p>Not thread-safe: every field is touched only on the channel's event loop.
 */
public final class KafkaConnectionHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaConnectionHandler.class);
    private final RequestDispatcher dispatcher;
    private final Executor handlers;
    private final int maxInFlight;
    private final Session session;
    private final ArrayDeque<InFlight> inFlight = new ArrayDeque<>();
    private CompletableFuture<Void> started = CompletableFuture.completedFuture(null);

    private record InFlight(RequestContext context, CompletableFuture<AbstractResponse> response) {
    }

    /**
     * @param session what the connection has proved; every request runs as its principal at
     *                the time the request starts (so a request after SaslAuthenticate runs as
     *                the authenticated principal)
     */
    public KafkaConnectionHandler(RequestDispatcher dispatcher, Executor handlers, int maxInFlight, Session session) {
        this.dispatcher = dispatcher;
        this.handlers = handlers;
        this.maxInFlight = maxInFlight;
        this.session = session;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf frame = (ByteBuf) msg;
        ByteBuffer buffer;
        try {
            buffer = ByteBuffer.allocate(frame.readableBytes());
            frame.readBytes(buffer);
            buffer.flip();
        } finally {
            frame.release();
        }
        RequestContext context;
        AbstractRequest request;
        InetSocketAddress remote = (InetSocketAddress) ctx.channel().remoteAddress();
        try {
            RequestHeader header = RequestHeader.parse(buffer);
            context = context(header, ctx, remote);
            request = context.parseRequest(buffer).request;
        } catch (RuntimeException e) {
            LOG.debug("Closing {}: unparseable request frame ({})", ctx.channel().remoteAddress(), e.toString());
            ctx.close();
            return;
        }
        CompletableFuture<AbstractResponse> response = new CompletableFuture<>();
        boolean answered = !(request instanceof ProduceRequest produce && produce.acks() == 0);
        if (answered) {
            inFlight.add(new InFlight(context, response));
        }
        started = started.handleAsync((ignored, previous) -> {
            try {
                dispatcher.dispatch(session, context(context.header, ctx, remote), request).whenComplete((r, e) -> {
                    if (r != null) {
                        response.complete(r);
                    } else {
                        response.completeExceptionally(e);
                    }
                });
            } catch (RuntimeException e) {
                response.completeExceptionally(e);
            }
            return null;
        }, handlers);
        response.whenComplete((r, e) -> ctx.executor().execute(() -> drain(ctx)));
        if (inFlight.size() >= maxInFlight) {
            ctx.channel().config().setAutoRead(false);
        }
    }

    /** A request's context, with the connection's principal as it is now. */
    private RequestContext context(RequestHeader header, ChannelHandlerContext ctx, InetSocketAddress remote) {
        return new RequestContext(header, ctx.channel().id().asShortText(), remote.getAddress(), session.principal(),
                session.listener(), session.protocol(), ClientInformation.EMPTY, false);
    }

    private void drain(ChannelHandlerContext ctx) {
        boolean wrote = false;
        while (!inFlight.isEmpty() && inFlight.peek().response().isDone()) {
            InFlight next = inFlight.poll();
            ByteBuffer payload;
            try {
                payload = next.context().buildResponseEnvelopePayload(next.response().join());
            } catch (RuntimeException e) {
                LOG.warn("Closing {}: no response could be built for {} ({})", ctx.channel().remoteAddress(),
                        next.context().header, e.toString());
                inFlight.clear();
                ctx.close();
                return;
            }
            ByteBuf out = ctx.alloc().buffer(4 + payload.remaining());
            out.writeInt(payload.remaining());
            out.writeBytes(payload);
            ctx.write(out);
            wrote = true;
            if (session.closing()) {
                inFlight.clear();
                ctx.writeAndFlush(io.netty.buffer.Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
                return;
            }
        }
        if (wrote) {
            ctx.flush();
        }
        if (!ctx.channel().config().isAutoRead() && inFlight.size() < maxInFlight) {
            ctx.channel().config().setAutoRead(true);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("Closing {}: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}

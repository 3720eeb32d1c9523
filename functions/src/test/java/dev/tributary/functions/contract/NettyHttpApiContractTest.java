package dev.tributary.functions.contract;

import dev.tributary.functions.TestServer;

/** The HTTP contract against the Netty server (local mode, containers). */
class NettyHttpApiContractTest extends HttpApiContract {
    private static final HttpTransport TRANSPORT = new NettyTransport(TestServer.shared().uri());

    @Override
    protected HttpTransport transport() {
        return TRANSPORT;
    }
}

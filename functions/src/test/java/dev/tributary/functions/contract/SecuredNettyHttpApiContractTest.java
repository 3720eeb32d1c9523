package dev.tributary.functions.contract;

import dev.tributary.functions.security.SecuredServer;

/**
 * The HTTP contract against the Netty server with authentication and ACLs on, as a super
 * user holding an API key: security must not change any answer the contract pins.
 */
class SecuredNettyHttpApiContractTest extends HttpApiContract {
    private static final HttpTransport TRANSPORT = new NettyTransport(SecuredServer.shared().server.uri(),
            SecuredServer.shared().adminKey);

    @Override
    protected HttpTransport transport() {
        return TRANSPORT;
    }
}

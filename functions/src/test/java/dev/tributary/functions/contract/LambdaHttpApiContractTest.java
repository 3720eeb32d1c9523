package dev.tributary.functions.contract;

import dev.tributary.functions.LambdaTestHandler;

/**
 * The HTTP contract against the Lambda handler the template deploys, driven with API
 * Gateway HTTP API (payload 2.0) events.
 */
class LambdaHttpApiContractTest extends HttpApiContract {
    private static final HttpTransport TRANSPORT = new LambdaTransport(LambdaTestHandler.shared());

    @Override
    protected HttpTransport transport() {
        return TRANSPORT;
    }
}

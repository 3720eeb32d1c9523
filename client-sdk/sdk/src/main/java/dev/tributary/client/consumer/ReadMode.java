package dev.tributary.client.consumer;

/** How a consumer reads record bytes. */
public enum ReadMode {
    /**
     * Ask the service where the records are, then read the byte ranges straight from S3
     * with short-lived URLs. Record bytes never pass through the service; the fastest
     * way to catch up.
     */
    DIRECT_S3,
    /** Read records as JSON through the service; for networks that cannot reach S3. */
    HTTP_JSON
}

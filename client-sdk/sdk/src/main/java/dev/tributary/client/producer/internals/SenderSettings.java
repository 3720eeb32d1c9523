package dev.tributary.client.producer.internals;

/**
 * The sender's knobs, already validated by the producer builder. Immutable.
 *
 * @param maxRequestBytes       upper bound of one produce request body
 * @param maxInFlightRequests   produce requests that may be outstanding at once
 * @param deliveryTimeoutNanos  how long a record may take from send to acknowledgement
 * @param retryBackoffNanos     first wait before retrying a retriable failure
 * @param retryBackoffMaxNanos  cap of the exponentially growing wait
 * @param idempotence           whether to ask for a producer id and stamp sequences
 */
public record SenderSettings(long maxRequestBytes, int maxInFlightRequests, long deliveryTimeoutNanos,
                             long retryBackoffNanos, long retryBackoffMaxNanos, boolean idempotence) {
}

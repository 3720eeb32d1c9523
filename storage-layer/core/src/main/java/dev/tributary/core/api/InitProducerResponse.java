package dev.tributary.core.api;

/** The answer of {@code POST /v1/producers}: the producer id and its current epoch. */
public record InitProducerResponse(long producerId, short producerEpoch) {
}

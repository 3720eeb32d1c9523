package dev.tributary.core.api;

import jakarta.annotation.Nullable;
import jakarta.validation.constraints.Min;

/**
 * {@code POST /v1/producers}: no body (or no {@code producerId}) allocates a producer id;
 * an id of the caller's gets a new epoch, fencing older instances.
 */
public record InitProducerRequest(@Nullable @Min(1) Long producerId) {
}

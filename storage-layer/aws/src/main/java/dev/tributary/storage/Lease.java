package dev.tributary.storage;

/**
 * A claim on one unit of maintenance work (a shard's retention, a topic's clean-up), held
 * by {@code owner} until {@code expiresAtMs} unless renewed.
 *
 * <p>{@code epoch} is the fencing token: it grows by one every time the lease changes hands,
 * and every write made under the lease is conditioned on the lease item still carrying this
 * owner and epoch. A worker that was paused while its lease moved therefore has its writes
 * rejected instead of applied (DESIGN.md invariant 6). Owners must be unique per process
 * (e.g. a random UUID), so a lease item re-created after expiry cannot match an old holder.
 *
 * @param name        the unit of work, e.g. {@code retention#<topicId>/<shard>}
 * @param owner       the holder's unique id
 * @param epoch       fencing token, >= 1
 * @param expiresAtMs when the lease lapses unless renewed (holder's clock)
 */
public record Lease(String name, String owner, long epoch, long expiresAtMs) {
}

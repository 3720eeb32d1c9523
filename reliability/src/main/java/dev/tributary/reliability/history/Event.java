package dev.tributary.reliability.history;

/**
 * One observation in a history, as a client saw it. {@link #seq()} orders all events of a run
 * (a global counter taken when the event happened); {@link #process()} names the client that
 * saw it (a producer, a reader session, a group member, the fault injector).
 *
 * <p>Records are identified by their value, unique within a run. Offsets and partitions are the
 * ones the service reported. Immutable.
 */
public sealed interface Event {
    long seq();

    String process();

    /** A send was attempted; {@code partition} is null when the service picks it. */
    record SendInvoked(long seq, String process, String topic, Integer partition, String value) implements Event {
    }

    /** The service acknowledged a send at this position. */
    record SendAcked(long seq, String process, String topic, int partition, long offset, String value) implements Event {
    }

    /** The service refused a send definitely (a 4xx answer): it must not be stored. */
    record SendFailed(long seq, String process, String topic, String value, String error) implements Event {
    }

    /** The outcome of a send is unknown (timeout, 5xx, connection lost): stored once or not at all. */
    record SendAmbiguous(long seq, String process, String topic, String value, String error) implements Event {
    }

    /**
     * A reader session starts reading a partition at {@code fromOffset}; -1 when the position is
     * chosen by the service (a group's committed offset). Reads of one session must then be dense.
     */
    record ReadStarted(long seq, String process, String topic, int partition, long fromOffset) implements Event {
    }

    /** A reader received the record at this position. */
    record Read(long seq, String process, String topic, int partition, long offset, String value) implements Event {
    }

    /** A group member learned it owns a partition. */
    record Assigned(long seq, String process, String group, String topic, int partition) implements Event {
    }

    /**
     * A member stopped owning a partition: revoked, lost (fenced or expired), left, crashed or
     * paused. A paused member that resumes believes it still owns; the checker does not.
     */
    record Released(long seq, String process, String group, String topic, int partition, String why) implements Event {
    }

    /** A member's offset commit, sent at {@code invokedSeq}, was accepted. */
    record CommitAccepted(long seq, String process, String group, String topic, int partition, long offset,
                          long invokedSeq) implements Event {
    }

    /** A member's offset commit was refused (the error code says why). */
    record CommitRejected(long seq, String process, String group, String topic, int partition, long offset,
                          String errorCode) implements Event {
    }

    /** An observer read the group's stored committed offset with a request sent at {@code invokedSeq}. */
    record CommittedObserved(long seq, String process, String group, String topic, int partition, long offset,
                             long invokedSeq) implements Event {
    }

    /**
     * A conditional append was sent: {@code values} in order, to be stored at {@code expectedOffset},
     * {@code expectedOffset + 1}, ... or not at all.
     */
    record AppendInvoked(long seq, String process, String topic, int partition, long expectedOffset,
                         java.util.List<String> values) implements Event {
    }

    /** A fault was injected (for the report; the checker ignores it). */
    record FaultInjected(long seq, String process, String kind, String detail) implements Event {
    }
}

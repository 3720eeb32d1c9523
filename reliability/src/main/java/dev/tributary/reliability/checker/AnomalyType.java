package dev.tributary.reliability.checker;

/** What the checker looks for; each is a broken promise of the service. */
public enum AnomalyType {
    /** An acknowledged record that no reader ever received (the final drain reads everything). */
    LOST("acknowledged, never read"),
    /** One sent value stored at two offsets (with or without an ambiguous outcome). */
    DUPLICATED("one value stored at two offsets"),
    /** Two observations of one offset disagree, or a value was read elsewhere than acknowledged. */
    INCONSISTENT_OFFSET("one offset, two values, or a value away from its acknowledged offset"),
    /** One producer's acknowledged offsets in a partition do not follow its send order. */
    NONMONOTONIC_SEND("a producer's records out of send order"),
    /** A reader session received an offset not greater than the previous one. */
    NONMONOTONIC_POLL("a reader went backwards"),
    /** A reader session jumped over offsets. */
    POLL_SKIP("a reader skipped offsets"),
    /** A read value that was never sent, or whose send was definitely refused. */
    UNEXPECTED("read a value never sent or refused"),
    /** Two members owned one partition at once. */
    DOUBLE_OWNERSHIP("a partition owned by two live members"),
    /** A commit was accepted from a member that no longer owned the partition. */
    FENCED_COMMIT_ACCEPTED("a commit accepted from a fenced member"),
    /** A group's committed offset moved backwards. */
    COMMITTED_BACKWARDS("a committed offset went backwards"),
    /** A conditional append acknowledged somewhere other than its expected offset. */
    APPEND_NOT_AT_EXPECTED_OFFSET("a conditional append stored away from its expected offset");

    private final String description;

    AnomalyType(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}

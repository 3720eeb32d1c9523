package dev.tributary.reliability.checker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.reliability.history.Event;
import dev.tributary.reliability.history.Event.Assigned;
import dev.tributary.reliability.history.Event.CommitAccepted;
import dev.tributary.reliability.history.Event.CommittedObserved;
import dev.tributary.reliability.history.Event.Read;
import dev.tributary.reliability.history.Event.ReadStarted;
import dev.tributary.reliability.history.Event.Released;
import dev.tributary.reliability.history.Event.SendAcked;
import dev.tributary.reliability.history.Event.SendAmbiguous;
import dev.tributary.reliability.history.Event.SendFailed;
import dev.tributary.reliability.history.Event.SendInvoked;
import dev.tributary.reliability.history.History;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hand-made histories, each with one anomaly (or none), through the whole checker. */
class CheckerTest {
    private static final String T = "t";

    /** Builds a history in the order events are added. */
    private static final class Builder {
        private final List<Event> events = new ArrayList<>();

        Builder add(LongFunction<Event> event) {
            events.add(event.apply(events.size() + 1));
            return this;
        }

        Builder sentAndAcked(String producer, int partition, long offset, String value) {
            add(s -> new SendInvoked(s, producer, T, partition, value));
            return add(s -> new SendAcked(s, producer, T, partition, offset, value));
        }

        Builder read(String reader, int partition, long offset, String value) {
            return add(s -> new Read(s, reader, T, partition, offset, value));
        }

        Builder start(String reader, int partition, long from) {
            return add(s -> new ReadStarted(s, reader, T, partition, from));
        }

        CheckResult check() {
            return new Checker().check(History.of(events));
        }
    }

    private static Builder history() {
        return new Builder();
    }

    /** Two acknowledged values in partition 0, both read back by a final drain. */
    private static Builder healthy() {
        return history().sentAndAcked("p1", 0, 0, "a").sentAndAcked("p1", 0, 1, "b")
                .start("drain", 0, 0).read("drain", 0, 0, "a").read("drain", 0, 1, "b");
    }

    @Test
    void healthyHistory_hasNoAnomalies_andCountsOperations() {
        CheckResult result = healthy().check();

        assertThat(result.valid()).as(result.anomalyReport()).isTrue();
        assertThat(result.counts()).containsEntry("sends", 2L).containsEntry("acknowledged", 2L).containsEntry("reads", 2L);
        assertThat(result.table()).contains("| **lost** (acknowledged, never read) | 0 |");
    }

    @Test
    void conditionalAppendAcknowledgedAwayFromItsExpectedOffset_isReported() {
        Builder right = history().add(s -> new SendInvoked(s, "w1", T, 0, "x"))
                .add(s -> new dev.tributary.reliability.history.Event.AppendInvoked(s, "w1", T, 0, 0, java.util.List.of("x")))
                .add(s -> new SendAcked(s, "w1", T, 0, 0, "x")).start("drain", 0, 0).read("drain", 0, 0, "x");
        Builder wrong = history().add(s -> new SendInvoked(s, "w1", T, 0, "x"))
                .add(s -> new dev.tributary.reliability.history.Event.AppendInvoked(s, "w1", T, 0, 5, java.util.List.of("x")))
                .add(s -> new SendAcked(s, "w1", T, 0, 0, "x")).start("drain", 0, 0).read("drain", 0, 0, "x");

        assertThat(right.check().valid()).as(right.check().anomalyReport()).isTrue();
        assertThat(wrong.check().count(AnomalyType.APPEND_NOT_AT_EXPECTED_OFFSET)).isEqualTo(1);
    }

    @Test
    void acknowledgedButNeverRead_isLost() {
        CheckResult result = history().sentAndAcked("p1", 0, 0, "a").sentAndAcked("p1", 0, 1, "b")
                .start("drain", 0, 0).read("drain", 0, 0, "a").check();

        assertThat(result.count(AnomalyType.LOST)).isEqualTo(1);
        assertThat(result.anomalies().get(0).summary()).contains("b acknowledged at t/0@1");
    }

    @Test
    void oneValueAtTwoOffsets_isDuplicated() {
        CheckResult result = history().sentAndAcked("p1", 0, 0, "a").start("drain", 0, 0)
                .read("drain", 0, 0, "a").read("drain", 0, 1, "a").check();

        assertThat(result.count(AnomalyType.DUPLICATED)).isEqualTo(1);
    }

    @Test
    void ambiguousSend_mayBePresentOrAbsent_butNotTwice() {
        Builder absent = healthy().add(s -> new SendInvoked(s, "p1", T, 0, "c"))
                .add(s -> new SendAmbiguous(s, "p1", T, "c", "timeout"));
        Builder present = healthy().add(s -> new SendInvoked(s, "p1", T, 0, "c"))
                .add(s -> new SendAmbiguous(s, "p1", T, "c", "timeout")).read("drain", 0, 2, "c");
        Builder twice = healthy().add(s -> new SendInvoked(s, "p1", T, 0, "c"))
                .add(s -> new SendAmbiguous(s, "p1", T, "c", "timeout")).read("drain", 0, 2, "c").read("drain", 0, 3, "c");

        assertThat(absent.check().valid()).isTrue();
        assertThat(present.check().valid()).isTrue();
        assertThat(present.check().counts()).containsEntry("ambiguous, found stored", 1L);
        assertThat(twice.check().count(AnomalyType.DUPLICATED)).isEqualTo(1);
    }

    @Test
    void twoValuesAtOneOffset_isInconsistent() {
        CheckResult result = history().sentAndAcked("p1", 0, 0, "a").sentAndAcked("p2", 0, 0, "x")
                .start("drain", 0, 0).read("drain", 0, 0, "a").check();

        assertThat(result.count(AnomalyType.INCONSISTENT_OFFSET)).isEqualTo(1);
        assertThat(result.count(AnomalyType.LOST)).as("x was given a to-be-reused offset").isEqualTo(1);
    }

    @Test
    void valueReadAwayFromItsAcknowledgedOffset_isInconsistent() {
        CheckResult result = history().sentAndAcked("p1", 0, 5, "a").start("drain", 0, 4)
                .read("drain", 0, 4, "a").check();

        assertThat(result.count(AnomalyType.INCONSISTENT_OFFSET)).isEqualTo(1);
    }

    @Test
    void producerRecordsStoredOutOfSendOrder_isNonmonotonicSend() {
        CheckResult result = history().sentAndAcked("p1", 0, 1, "a").sentAndAcked("p1", 0, 0, "b")
                .start("drain", 0, 0).read("drain", 0, 0, "b").read("drain", 0, 1, "a").check();

        assertThat(result.count(AnomalyType.NONMONOTONIC_SEND)).isEqualTo(1);
        assertThat(result.anomalies()).hasSize(1);
    }

    @Test
    void readerGoingBack_isNonmonotonicPoll_andJumping_isPollSkip() {
        Builder base = history().sentAndAcked("p1", 0, 0, "a").sentAndAcked("p1", 0, 1, "b").sentAndAcked("p1", 0, 2, "c")
                .start("drain", 0, 0).read("drain", 0, 0, "a").read("drain", 0, 1, "b").read("drain", 0, 2, "c");

        CheckResult back = base.start("r", 0, 0).read("r", 0, 1, "b").read("r", 0, 0, "a").check();
        CheckResult skip = history().sentAndAcked("p1", 0, 0, "a").sentAndAcked("p1", 0, 1, "b").sentAndAcked("p1", 0, 2, "c")
                .start("drain", 0, 0).read("drain", 0, 0, "a").read("drain", 0, 2, "c").read("drain", 0, 1, "b").check();

        assertThat(back.count(AnomalyType.POLL_SKIP)).as("r started at 0 and got 1 first").isEqualTo(1);
        assertThat(back.count(AnomalyType.NONMONOTONIC_POLL)).isEqualTo(1);
        assertThat(skip.count(AnomalyType.POLL_SKIP)).isEqualTo(1);
        assertThat(skip.count(AnomalyType.NONMONOTONIC_POLL)).isEqualTo(1);
    }

    @Test
    void readerStartingAtAnUnknownPosition_isCheckedFromItsFirstRecord() {
        CheckResult result = healthy().start("member", 0, -1).read("member", 0, 1, "b").check();

        assertThat(result.valid()).as(result.anomalyReport()).isTrue();
    }

    @Test
    void valueNeverSent_orRefused_isUnexpected() {
        CheckResult neverSent = healthy().read("drain", 0, 2, "ghost").check();
        CheckResult refused = healthy().add(s -> new SendInvoked(s, "p1", T, 0, "c"))
                .add(s -> new SendFailed(s, "p1", T, "c", "400 INVALID_REQUEST")).read("drain", 0, 2, "c").check();

        assertThat(neverSent.count(AnomalyType.UNEXPECTED)).isEqualTo(1);
        assertThat(refused.count(AnomalyType.UNEXPECTED)).isEqualTo(1);
        assertThat(refused.anomalies().get(0).summary()).contains("refused but is stored");
    }

    @Test
    void partitionGivenToASecondMemberWhileTheServiceStillAcceptsTheFirst_isDoubleOwnership() {
        CheckResult handOver = history()
                .add(s -> new Assigned(s, "m1", "g", T, 0))
                .add(s -> new Released(s, "m1", "g", T, 0, "revoked"))
                .add(s -> new Assigned(s, "m2", "g", T, 0)).check();
        CheckResult cutOff = history()
                .add(s -> new Assigned(s, "m1", "g", T, 0))
                .add(s -> new Assigned(s, "m2", "g", T, 0)).check();
        CheckResult confirmed = history()
                .add(s -> new Assigned(s, "m1", "g", T, 0))
                .add(s -> new Assigned(s, "m2", "g", T, 0))
                .add(s -> new CommitAccepted(s, "m1", "g", T, 0, 5, 3)).check();

        assertThat(handOver.valid()).isTrue();
        assertThat(cutOff.valid()).as("m1 may not know yet that it was expired").isTrue();
        assertThat(cutOff.counts()).containsEntry("ownership overlaps, old owner cut off", 1L);
        assertThat(confirmed.count(AnomalyType.DOUBLE_OWNERSHIP)).isEqualTo(1);
    }

    @Test
    void commitAcceptedFromAPausedMember_isAFencedCommitAccepted() {
        CheckResult owner = history()
                .add(s -> new Assigned(s, "m1", "g", T, 0))
                .add(s -> new CommitAccepted(s, "m1", "g", T, 0, 5, 1)).check();
        CheckResult zombie = history()
                .add(s -> new Assigned(s, "m1", "g", T, 0))
                .add(s -> new Released(s, "m1", "g", T, 0, "paused"))
                .add(s -> new Assigned(s, "m2", "g", T, 0))
                .add(s -> new CommitAccepted(s, "m1", "g", T, 0, 5, 4)).check();

        assertThat(owner.valid()).isTrue();
        assertThat(zombie.count(AnomalyType.FENCED_COMMIT_ACCEPTED)).isEqualTo(1);
    }

    @Test
    void committedOffsetMovingBack_isCommittedBackwards() {
        CheckResult result = history()
                .add(s -> new Assigned(s, "m1", "g", T, 0))
                .add(s -> new CommitAccepted(s, "m1", "g", T, 0, 7, 1))
                .add(s -> new CommittedObserved(s, "observer", "g", T, 0, 7, s))
                .add(s -> new CommittedObserved(s, "observer", "g", T, 0, 3, s)).check();
        // A read that started before a commit was answered may see the older offset.
        CheckResult overlapping = history()
                .add(s -> new Assigned(s, "m1", "g", T, 0))
                .add(s -> new CommittedObserved(s, "observer", "g", T, 0, 3, s))
                .add(s -> new CommitAccepted(s, "m1", "g", T, 0, 7, 1))
                .add(s -> new CommittedObserved(s, "observer", "g", T, 0, 3, 2)).check();

        assertThat(result.count(AnomalyType.COMMITTED_BACKWARDS)).isEqualTo(1);
        assertThat(overlapping.valid()).as(overlapping.anomalyReport()).isTrue();
    }

    @Test
    void report_writesTheTableTheAnomaliesAndTheHistory(@TempDir Path dir) throws Exception {
        Builder lost = history().sentAndAcked("p1", 0, 0, "a");
        CheckResult result = lost.check();

        result.writeTo(dir, lost.events);

        assertThat(Files.readString(dir.resolve("summary.md"))).contains("| **lost** (acknowledged, never read) | 1 |");
        assertThat(Files.readString(dir.resolve("anomalies.txt"))).contains("LOST: a acknowledged at t/0@0").contains("SendAcked[");
        assertThat(Files.readAllLines(dir.resolve("history.txt"))).hasSize(2);
    }
}

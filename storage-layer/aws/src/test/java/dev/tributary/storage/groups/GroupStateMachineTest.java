package dev.tributary.storage.groups;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.core.error.ApiException;
import dev.tributary.core.error.ErrorCode;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class GroupStateMachineTest {
    private static final Function<String, Integer> TWELVE = t -> t.equals("t") ? 12 : null;
    private GroupState state = GroupState.empty("g", 0);

    private HeartbeatResponse beat(String id, int epoch, Set<TopicPartition> owned, long now) {
        GroupStateMachine.Outcome o = GroupStateMachine.heartbeat(state,
                new HeartbeatRequest(id, epoch, epoch == 0 ? List.of("t") : null, owned, 10_000, 30_000), TWELVE, now, id);
        state = o.state();
        state.owners();
        return o.response();
    }

    @Test
    void handOver_waitsForThePreviousOwnerToRelease() {
        HeartbeatResponse a = beat("a", 0, null, 0);
        assertThat(a.assignment()).hasSize(12);
        HeartbeatResponse b = beat("b", 0, null, 1);
        assertThat(b.assignment()).as("all still owned by a").isEmpty();
        assertThat(b.reconciling()).isTrue();

        HeartbeatResponse a2 = beat("a", a.memberEpoch(), a.assignment(), 2);
        assertThat(a2.assignment()).hasSize(6);
        assertThat(a2.pendingRevocation()).hasSize(6);
        assertThat(a2.memberEpoch()).isGreaterThan(a.memberEpoch());
        assertThat(beat("b", b.memberEpoch(), Set.of(), 3).assignment()).as("a has not released yet").isEmpty();

        HeartbeatResponse a3 = beat("a", a2.memberEpoch(), a2.assignment(), 4);
        assertThat(a3.pendingRevocation()).isEmpty();
        HeartbeatResponse b2 = beat("b", b.memberEpoch(), Set.of(), 5);
        assertThat(b2.assignment()).hasSize(6).doesNotContainAnyElementsOf(a3.assignment());
        assertThat(b2.reconciling()).isFalse();
        assertThat(state.state()).isEqualTo(GroupState.STABLE);
    }

    @Test
    void expiredMember_isRemovedAndItsPartitionsAreFree() {
        HeartbeatResponse a = beat("a", 0, null, 0);
        HeartbeatResponse b = beat("b", 0, null, 1);
        beat("b", b.memberEpoch(), Set.of(), 9_000);
        beat("b", state.members().get("b").memberEpoch(), Set.of(), 18_000);
        assertThatThrownBy(() -> beat("a", a.memberEpoch(), a.assignment(), 20_000))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_MEMBER));
        state = GroupStateMachine.expire(state, 20_000);
        assertThat(state.members()).containsOnlyKeys("b");
        assertThat(beat("b", state.members().get("b").memberEpoch(), Set.of(), 20_001).assignment()).hasSize(12);
    }

    @Test
    void revocationNotDoneInTime_removesTheMember() {
        HeartbeatResponse a = beat("a", 0, null, 0);
        HeartbeatResponse b = beat("b", 0, null, 1);
        beat("a", a.memberEpoch(), a.assignment(), 2); // told to revoke 6, never reports
        for (long t = 5_000; t <= 35_000; t += 5_000) {
            beat("b", b.memberEpoch(), null, t);
            b = new HeartbeatResponse("b", state.members().get("b").memberEpoch(), Set.of(), Set.of(), false);
            if (t < 30_000) {
                state = GroupStateMachine.expire(state, t); // a keeps its session alive elsewhere
            }
        }
        assertThat(state.members()).doesNotContainKey("a");
        assertThat(state.members().get("b").owned()).hasSize(12);
    }

    @Test
    void staleEpoch_isFenced_previousEpochIsAccepted() {
        HeartbeatResponse a = beat("a", 0, null, 0);
        HeartbeatResponse b = beat("b", 0, null, 1);
        HeartbeatResponse a2 = beat("a", a.memberEpoch(), a.assignment(), 2);
        HeartbeatResponse a3 = beat("a", a2.memberEpoch(), a2.assignment(), 3);
        assertThat(beat("a", a2.memberEpoch(), null, 4).memberEpoch()).isEqualTo(a3.memberEpoch());
        assertThatThrownBy(() -> beat("a", a.memberEpoch() - 1 < 1 ? 999 : a.memberEpoch() - 1, null, 5))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.FENCED_MEMBER_EPOCH));
        assertThat(b.memberEpoch()).isPositive();
    }

    @Test
    void rejoin_releasesEverythingAndRaisesTheEpoch() {
        HeartbeatResponse a = beat("a", 0, null, 0);
        HeartbeatResponse again = beat("a", 0, null, 1);
        assertThat(again.memberEpoch()).isGreaterThan(a.memberEpoch());
        assertThat(state.members().get("a").previousEpoch()).isEqualTo(-1);
    }

    @Test
    void leave_freesPartitionsAtOnce() {
        HeartbeatResponse a = beat("a", 0, null, 0);
        HeartbeatResponse b = beat("b", 0, null, 1);
        assertThat(beat("a", GroupStateMachine.LEAVE_EPOCH, null, 2).memberEpoch()).isEqualTo(-1);
        assertThat(beat("b", b.memberEpoch(), Set.of(), 3).assignment()).hasSize(12);
        assertThat(a.memberEpoch()).isPositive();
    }
}

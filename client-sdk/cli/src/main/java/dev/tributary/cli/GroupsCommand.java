package dev.tributary.cli;

import dev.tributary.core.api.ApiPaths;
import dev.tributary.core.api.GroupDeleted;
import dev.tributary.core.api.GroupOffsets;
import dev.tributary.core.api.PartitionOffset;
import dev.tributary.client.GroupNotFoundException;
import dev.tributary.client.TopicPartition;
import dev.tributary.client.TributaryException;
import dev.tributary.client.admin.Admin;
import dev.tributary.client.admin.GroupDescription;
import dev.tributary.client.admin.GroupOffset;
import dev.tributary.client.admin.MemberDescription;
import dev.tributary.client.admin.OffsetSpec;
import dev.tributary.client.admin.PartitionInfo;
import dev.tributary.client.admin.TopicDescription;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tributary groups list|describe|reset-offsets|delete}. */
@Command(mixinStandardHelpOptions = true, name = "groups",
        description = "List, describe, reset the offsets of, and delete consumer groups.",
        subcommands = {GroupsCommand.ListGroups.class, GroupsCommand.Describe.class, GroupsCommand.ResetOffsets.class,
                GroupsCommand.DeleteGroup.class})
final class GroupsCommand {

    @ParentCommand
    Main main;

    @Command(mixinStandardHelpOptions = true, name = "list", description = "List consumer groups.")
    static final class ListGroups implements Runnable {
        @ParentCommand
        GroupsCommand groups;
        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            try (Admin admin = groups.main.admin()) {
                var list = admin.listGroups();
                var out = spec.commandLine().getOut();
                if (list.isEmpty()) {
                    out.println("No consumer groups.");
                }
                list.forEach(out::println);
            }
        }
    }

    @Command(mixinStandardHelpOptions = true, name = "describe", description = "Show a group's members, assignment, committed offsets and lag.")
    static final class Describe implements Runnable {
        @ParentCommand
        GroupsCommand groups;
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", description = "Group id.")
        String group;
        @Option(names = "--json", description = "Print the service's full description as JSON.")
        boolean json;

        @Override
        public void run() {
            try (Admin admin = groups.main.admin()) {
                GroupDescription d = admin.describeGroup(group);
                var out = spec.commandLine().getOut();
                if (json) {
                    out.println(d.json());
                    return;
                }
                out.println("Group: " + d.groupId() + "  State: " + d.state() + "  Members: " + d.members().size());
                out.println();
                out.printf("%-38s %6s  %s%n", "MEMBER", "EPOCH", "PARTITIONS");
                for (MemberDescription m : d.members()) {
                    String pending = m.pendingRevocation().isEmpty() ? "" : "  (giving up " + list(m.pendingRevocation()) + ")";
                    out.printf("%-38s %6d  %s%s%n", m.memberId(), m.memberEpoch(), list(m.ownedPartitions()), pending);
                }
                out.println();
                out.printf("%-30s %9s %12s %12s %10s  %s%n", "TOPIC", "PARTITION", "COMMITTED", "END", "LAG", "MEMBER");
                for (GroupOffset o : d.offsets()) {
                    TopicPartition tp = new TopicPartition(o.topic(), o.partition());
                    String owner = d.members().stream().filter(m -> m.ownedPartitions().contains(tp))
                            .map(MemberDescription::memberId).findFirst().orElse("-");
                    out.printf("%-30s %9d %12d %12s %10s  %s%n", o.topic(), o.partition(), o.offset(),
                            o.logEndOffset() < 0 ? "-" : Long.toString(o.logEndOffset()),
                            o.lag() < 0 ? "-" : Long.toString(o.lag()), owner);
                }
            }
        }

        private static String list(List<TopicPartition> partitions) {
            return partitions.stream().map(tp -> tp.topic() + "-" + tp.partition()).collect(Collectors.joining(","));
        }
    }

    @Command(mixinStandardHelpOptions = true, name = "reset-offsets",
            description = "Move a group's committed offsets (like kafka-consumer-groups --reset-offsets). Shows the plan "
                    + "only, unless --execute is given. The group must have no active members.")
    static final class ResetOffsets implements Runnable {
        @ParentCommand
        GroupsCommand groups;
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", description = "Group id.")
        String group;
        @Option(names = "--topic", required = true, description = "Topic whose offsets to move.")
        String topic;
        @Option(names = "--partition", description = "Only this partition (default: all).")
        Integer partition;
        @ArgGroup(exclusive = true, multiplicity = "1")
        Target target;
        @Option(names = "--execute", description = "Commit the new offsets (without it, only print them).")
        boolean execute;

        static final class Target {
            @Option(names = "--to-earliest", description = "The first offset still stored.")
            boolean earliest;
            @Option(names = "--to-latest", description = "The end of each partition (skip everything).")
            boolean latest;
            @Option(names = "--to-datetime", paramLabel = "TIME",
                    description = "The first record at or after TIME: ISO-8601 or epoch milliseconds.")
            String time;
            @Option(names = "--to-offset", paramLabel = "N", description = "This offset (clamped to what is stored).")
            Long offset;
        }

        @Override
        public void run() {
            if (target.offset != null && target.offset < 0) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--to-offset must not be negative");
            }
            Long atTime = target.time == null ? null : ConsumeCommand.parseTime(target.time);
            var out = spec.commandLine().getOut();
            try (Admin admin = groups.main.admin()) {
                Map<Integer, Long> current = new TreeMap<>();
                try {
                    GroupDescription d = admin.describeGroup(group);
                    if (!d.members().isEmpty()) {
                        throw new TributaryException("Group '" + group + "' has " + d.members().size() + " active member(s); "
                                + "stop its consumers before resetting its offsets.");
                    }
                    d.offsets().stream().filter(o -> o.topic().equals(topic))
                            .forEach(o -> current.put(o.partition(), o.offset()));
                } catch (GroupNotFoundException none) {
                    // A group without commits yet: its offsets are set from scratch.
                }
                TopicDescription t = admin.describeTopic(topic);
                List<PartitionOffset> commits = new ArrayList<>();
                out.printf("%-30s %9s %12s %12s%n", "TOPIC", "PARTITION", "CURRENT", "NEW");
                for (PartitionInfo p : t.partitions()) {
                    if (partition != null && partition != p.partition()) {
                        continue;
                    }
                    long next;
                    if (target.earliest) {
                        next = p.earliestOffset();
                    } else if (target.latest) {
                        next = p.latestOffset();
                    } else if (atTime != null) {
                        next = admin.listOffsets(new TopicPartition(topic, p.partition()), OffsetSpec.forTimestamp(atTime)).offset();
                    } else {
                        next = Math.max(p.earliestOffset(), Math.min(p.latestOffset(), target.offset));
                    }
                    Long was = current.get(p.partition());
                    out.printf("%-30s %9d %12s %12d%n", topic, p.partition(), was == null ? "-" : was.toString(), next);
                    commits.add(PartitionOffset.commit(topic, p.partition(), next, null));
                }
                if (commits.isEmpty()) {
                    throw new TributaryException("Topic '" + topic + "' has no partition " + partition + ".");
                }
                if (!execute) {
                    out.println("Dry run: nothing changed. Add --execute to commit these offsets.");
                    return;
                }
                new ServiceHttp(groups.main.endpoint).post(ApiPaths.groupOffsets(group), new GroupOffsets(null, null, commits));
                out.println("Committed " + commits.size() + " offset(s) for group " + group + ".");
            }
        }
    }

    @Command(mixinStandardHelpOptions = true, name = "delete",
            description = "Delete a consumer group and its committed offsets; refused while it has active members.")
    static final class DeleteGroup implements Runnable {
        @ParentCommand
        GroupsCommand groups;
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", description = "Group id.")
        String group;

        @Override
        public void run() {
            GroupDeleted answer = new ServiceHttp(groups.main.endpoint).delete(ApiPaths.group(group), GroupDeleted.class);
            spec.commandLine().getOut().println("Deleted group " + group + " and its "
                    + answer.deletedOffsets() + " committed offset(s).");
        }
    }
}

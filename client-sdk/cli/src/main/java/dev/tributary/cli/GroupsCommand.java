package dev.tributary.cli;

import dev.tributary.client.TopicPartition;
import dev.tributary.client.admin.Admin;
import dev.tributary.client.admin.GroupDescription;
import dev.tributary.client.admin.GroupOffset;
import dev.tributary.client.admin.MemberDescription;
import dev.tributary.client.admin.TributaryAdmin;
import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tributary groups list|describe}. */
@Command(name = "groups", description = "List and describe consumer groups.",
        subcommands = {GroupsCommand.ListGroups.class, GroupsCommand.Describe.class})
final class GroupsCommand {

    @ParentCommand
    Main main;

    @Command(name = "list", description = "List consumer groups.")
    static final class ListGroups implements Runnable {
        @ParentCommand
        GroupsCommand groups;
        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            try (Admin admin = TributaryAdmin.builder().endpoint(groups.main.endpoint).build()) {
                var list = admin.listGroups();
                var out = spec.commandLine().getOut();
                if (list.isEmpty()) {
                    out.println("No consumer groups.");
                }
                list.forEach(out::println);
            }
        }
    }

    @Command(name = "describe", description = "Show a group's members, assignment, committed offsets and lag.")
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
            try (Admin admin = TributaryAdmin.builder().endpoint(groups.main.endpoint).build()) {
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
}

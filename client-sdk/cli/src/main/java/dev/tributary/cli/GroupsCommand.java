package dev.tributary.cli;

import dev.tributary.client.admin.Admin;
import dev.tributary.client.admin.GroupDescription;
import dev.tributary.client.admin.GroupOffset;
import dev.tributary.client.admin.TributaryAdmin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
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

        @Override
        public void run() {
            try (Admin admin = TributaryAdmin.builder().endpoint(groups.main.endpoint).build()) {
                GroupDescription d = admin.describeGroup(group);
                var out = spec.commandLine().getOut();
                out.println("Group: " + d.groupId());
                out.printf("%-30s %-9s %12s %12s %10s%n", "TOPIC", "PARTITION", "COMMITTED", "END", "LAG");
                for (GroupOffset o : d.offsets()) {
                    out.printf("%-30s %-9d %12d %12d %10d%n", o.topic(), o.partition(), o.offset(), o.logEndOffset(),
                            o.lag());
                }
                out.println();
                out.println(d.json());
            }
        }
    }
}

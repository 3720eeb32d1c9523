package dev.tributary.cli;

import dev.tributary.client.TopicPartition;
import dev.tributary.client.admin.Admin;
import dev.tributary.client.admin.PartitionInfo;
import dev.tributary.client.admin.TopicDescription;
import dev.tributary.client.admin.TopicListing;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code tributary topics create|list|describe|alter|grow|delete|delete-records}. */
@Command(mixinStandardHelpOptions = true, name = "topics",
        description = "Create, list, describe, alter, grow and delete topics; delete records below an offset.",
        subcommands = {TopicsCommand.Create.class, TopicsCommand.ListTopics.class, TopicsCommand.Describe.class,
                TopicsCommand.Alter.class, TopicsCommand.Grow.class, TopicsCommand.Delete.class,
                TopicsCommand.DeleteRecords.class})
final class TopicsCommand {

    @ParentCommand
    Main main;

    Admin admin() {
        return main.admin();
    }

    @Command(mixinStandardHelpOptions = true, name = "create", description = "Create a topic.")
    static final class Create implements Runnable {
        @ParentCommand
        TopicsCommand topics;
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", description = "Topic name.")
        String name;
        @Option(names = "--partitions", defaultValue = "1", description = "Partition count (default: ${DEFAULT-VALUE}).")
        int partitions;
        @Option(names = "--config", description = "Topic setting KEY=VALUE, e.g. retention.ms=86400000; repeatable.")
        Map<String, String> config = new LinkedHashMap<>();

        @Override
        public void run() {
            try (Admin admin = topics.admin()) {
                TopicDescription d = admin.createTopic(name, partitions, config);
                spec.commandLine().getOut().println("Created topic " + d.name() + " with " + d.partitions().size()
                        + " partitions.");
            }
        }
    }

    @Command(mixinStandardHelpOptions = true, name = "list", description = "List topics.")
    static final class ListTopics implements Runnable {
        @ParentCommand
        TopicsCommand topics;
        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            try (Admin admin = topics.admin()) {
                var out = spec.commandLine().getOut();
                var list = admin.listTopics();
                if (list.isEmpty()) {
                    out.println("No topics.");
                    return;
                }
                int width = Math.max(5, list.stream().mapToInt(t -> t.name().length()).max().orElse(5));
                out.printf("%-" + width + "s  %s%n", "TOPIC", "PARTITIONS");
                for (TopicListing t : list) {
                    out.printf("%-" + width + "s  %d%n", t.name(), t.partitions());
                }
            }
        }
    }

    @Command(mixinStandardHelpOptions = true, name = "describe", description = "Show a topic's partitions, offsets and configuration.")
    static final class Describe implements Runnable {
        @ParentCommand
        TopicsCommand topics;
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", description = "Topic name.")
        String name;

        @Override
        public void run() {
            try (Admin admin = topics.admin()) {
                TopicDescription d = admin.describeTopic(name);
                var out = spec.commandLine().getOut();
                out.println("Topic:     " + d.name());
                out.println("Topic id:  " + d.topicId());
                out.println("Config:");
                d.config().forEach((k, v) -> out.println("  " + k + " = " + v));
                out.printf("%-10s %15s %15s %12s %15s%n", "PARTITION", "EARLIEST", "LATEST", "RECORDS", "SIZE_BYTES");
                for (PartitionInfo p : d.partitions()) {
                    out.printf("%-10d %15d %15d %12d %15s%n", p.partition(), p.earliestOffset(), p.latestOffset(),
                            p.latestOffset() - p.earliestOffset(), p.sizeBytes() < 0 ? "-" : Long.toString(p.sizeBytes()));
                }
            }
        }
    }

    @Command(mixinStandardHelpOptions = true, name = "alter", description = "Change a topic's configuration.")
    static final class Alter implements Runnable {
        @ParentCommand
        TopicsCommand topics;
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", description = "Topic name.")
        String name;
        @Option(names = "--config", required = true, paramLabel = "KEY=VALUE",
                description = "Setting to change, e.g. retention.ms=86400000; repeatable.")
        Map<String, String> config = new LinkedHashMap<>();

        @Override
        public void run() {
            try (Admin admin = topics.admin()) {
                TopicDescription d = admin.alterConfig(name, config);
                var out = spec.commandLine().getOut();
                out.println("Altered topic " + d.name() + ":");
                d.config().forEach((k, v) -> out.println("  " + k + " = " + v));
            }
        }
    }

    @Command(mixinStandardHelpOptions = true, name = "grow",
            description = "Add partitions to a topic (keyed records of existing keys may then land elsewhere).")
    static final class Grow implements Runnable {
        @ParentCommand
        TopicsCommand topics;
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", description = "Topic name.")
        String name;
        @Option(names = "--partitions", required = true, paramLabel = "N", description = "The new, larger, partition count.")
        int partitions;

        @Override
        public void run() {
            try (Admin admin = topics.admin()) {
                TopicDescription d = admin.createPartitions(name, partitions);
                spec.commandLine().getOut().println("Topic " + d.name() + " now has " + d.partitions().size() + " partitions.");
            }
        }
    }

    @Command(mixinStandardHelpOptions = true, name = "delete", description = "Delete a topic and its data.")
    static final class Delete implements Runnable {
        @ParentCommand
        TopicsCommand topics;
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", description = "Topic name.")
        String name;

        @Override
        public void run() {
            try (Admin admin = topics.admin()) {
                admin.deleteTopic(name);
                spec.commandLine().getOut().println("Deleted topic " + name + ".");
            }
        }
    }

    @Command(name = "delete-records", description = "Make a partition's records before an offset unreadable "
            + "(Kafka deleteRecords).")
    static final class DeleteRecords implements Runnable {
        @ParentCommand
        TopicsCommand topics;
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", description = "Topic name.")
        String name;
        @Option(names = "--partition", required = true, description = "Partition.")
        int partition;
        @Option(names = "--before", required = true, description = "Delete records before this offset (-1: all so far).")
        long before;

        @Override
        public void run() {
            try (Admin admin = topics.admin()) {
                TopicPartition tp = new TopicPartition(name, partition);
                long earliest = admin.deleteRecords(Map.of(tp, before)).get(tp);
                spec.commandLine().getOut().println("Partition " + partition + " of " + name + " now starts at offset "
                        + earliest + ".");
            }
        }
    }
}

package dev.tributary.cli;

import dev.tributary.client.Deserializers;
import dev.tributary.client.OffsetAndMetadata;
import dev.tributary.client.OffsetAndTimestamp;
import dev.tributary.client.TopicPartition;
import dev.tributary.client.admin.Admin;
import dev.tributary.client.admin.PartitionInfo;
import dev.tributary.client.admin.TopicDescription;
import dev.tributary.client.consumer.AutoOffsetReset;
import dev.tributary.client.consumer.ConsumerRecord;
import dev.tributary.client.consumer.ConsumerRecords;
import dev.tributary.client.consumer.ReadMode;
import dev.tributary.client.consumer.TributaryConsumer;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code tributary consume}: prints records as {@code key<TAB>value} or value lines. */
@Command(mixinStandardHelpOptions = true, name = "consume",
        description = "Print records of a topic, one per line (key<TAB>value when keyed), as JSON, or in a format of your own.")
final class ConsumeCommand implements Runnable {

    @ParentCommand
    Main main;
    @Spec
    CommandSpec spec;
    @Option(names = "--topic", required = true, description = "Topic to read.")
    String topic;
    @Option(names = "--partition", description = "Read only this partition (default: all).")
    Integer partition;
    @ArgGroup(exclusive = true)
    Start start = new Start();
    @Option(names = "--group", description = "Read as a member of this consumer group: partitions are shared with "
            + "the group's other members, reading starts at the group's committed offsets, and what is printed is "
            + "committed.")
    String group;
    @Option(names = "--max-records", description = "Stop after this many records.")
    Long maxRecords;
    @Option(names = "--follow", description = "Keep waiting for new records instead of stopping at the end.")
    boolean follow;
    @Option(names = {"--format", "-f"}, defaultValue = "text", paramLabel = "FORMAT",
            description = "text (key<TAB>value), json (one object per line), or a kcat-style format string: "
                    + "%%t topic, %%p partition, %%o offset, %%T timestamp, %%k key, %%s value, %%K/%%S key/value "
                    + "length, %%h headers, \\n newline (default: ${DEFAULT-VALUE}).")
    String format;
    @Option(names = "--read-mode", defaultValue = "DIRECT_S3", description = "DIRECT_S3 or HTTP_JSON (default: ${DEFAULT-VALUE}).")
    ReadMode readMode;

    static final class Start {
        @Option(names = "--from-beginning", description = "Start at the earliest record.")
        boolean fromBeginning;
        @Option(names = "--offset", description = "Start at this offset (in every partition read).")
        Long offset;
        @Option(names = "--from-time", description = "Start at the first record at or after this time: "
                + "ISO-8601 (2024-05-01T10:00:00Z) or epoch milliseconds.")
        String fromTime;
    }

    private RecordFormat printer;

    @Override
    public void run() {
        try {
            printer = RecordFormat.parse(format);
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        if (group != null) {
            runInGroup();
            return;
        }
        PrintWriter out = spec.commandLine().getOut();
        List<TopicPartition> partitions = new ArrayList<>();
        Map<TopicPartition, Long> ends = new LinkedHashMap<>();
        try (Admin admin = main.admin()) {
            TopicDescription d = admin.describeTopic(topic);
            for (PartitionInfo p : d.partitions()) {
                if (partition == null || partition == p.partition()) {
                    TopicPartition tp = new TopicPartition(topic, p.partition());
                    partitions.add(tp);
                    ends.put(tp, p.latestOffset());
                }
            }
        }
        if (partitions.isEmpty()) {
            throw new dev.tributary.client.PartitionNotFoundException("Topic " + topic + " has no partition " + partition);
        }
        try (TributaryConsumer<String, String> consumer = TributaryConsumer.builder().endpoint(main.endpoint)
                .keyDeserializer(Deserializers.string()).valueDeserializer(Deserializers.string())
                .groupId(group).readMode(readMode).autoOffsetReset(AutoOffsetReset.EARLIEST).build()) {
            consumer.assign(partitions);
            position(consumer, partitions);
            long printed = 0;
            long limit = maxRecords == null ? Long.MAX_VALUE : maxRecords;
            while (printed < limit) {
                boolean any = false;
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    any = true;
                    out.print(printer.apply(r));
                    if (++printed >= limit) {
                        break;
                    }
                }
                if (!any) {
                    out.flush();
                    if (!follow && reachedEnd(consumer, ends)) {
                        break;
                    }
                }
            }
            out.flush();
        }
    }

    /**
     * Subscribes and commits the offsets after every record printed (auto-commit is off, so
     * nothing read but not printed is ever committed). Without {@code --follow} it stops once
     * its partitions are read to the end.
     */
    private void runInGroup() {
        if (partition != null || start.offset != null || start.fromTime != null) {
            throw new IllegalArgumentException("--group reads the partitions the group assigns from the committed "
                    + "offsets; --partition, --offset and --from-time cannot be combined with it");
        }
        PrintWriter out = spec.commandLine().getOut();
        AutoOffsetReset reset = start.fromBeginning || !follow ? AutoOffsetReset.EARLIEST : AutoOffsetReset.LATEST;
        try (TributaryConsumer<String, String> consumer = TributaryConsumer.builder().endpoint(main.endpoint)
                .keyDeserializer(Deserializers.string()).valueDeserializer(Deserializers.string())
                .groupId(group).readMode(readMode).autoOffsetReset(reset).enableAutoCommit(false).build()) {
            consumer.subscribe(List.of(topic));
            long printed = 0;
            long limit = maxRecords == null ? Long.MAX_VALUE : maxRecords;
            while (printed < limit) {
                Map<TopicPartition, OffsetAndMetadata> done = new LinkedHashMap<>();
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(500));
                for (ConsumerRecord<String, String> r : records) {
                    out.print(printer.apply(r));
                    done.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
                    if (++printed >= limit) {
                        break;
                    }
                }
                out.flush();
                if (!done.isEmpty()) {
                    consumer.commitSync(done);
                } else if (!follow && !consumer.assignment().isEmpty()
                        && reachedEnd(consumer, consumer.endOffsets(consumer.assignment()))) {
                    break;
                }
            }
        }
    }

    private void position(TributaryConsumer<String, String> consumer, List<TopicPartition> partitions) {
        if (start.fromBeginning) {
            consumer.seekToBeginning(partitions);
        } else if (start.offset != null) {
            partitions.forEach(tp -> consumer.seek(tp, start.offset));
        } else if (start.fromTime != null) {
            long ms = parseTime(start.fromTime);
            Map<TopicPartition, Long> query = new LinkedHashMap<>();
            partitions.forEach(tp -> query.put(tp, ms));
            for (Map.Entry<TopicPartition, OffsetAndTimestamp> e : consumer.offsetsForTimes(query).entrySet()) {
                consumer.seek(e.getKey(), e.getValue().offset());
            }
        } else if (follow) {
            consumer.seekToEnd(partitions);
        } else {
            // Without a start option a one-shot read shows what is there, as most users expect from a CLI.
            consumer.seekToBeginning(partitions);
        }
    }

    private static boolean reachedEnd(TributaryConsumer<String, String> consumer, Map<TopicPartition, Long> ends) {
        for (Map.Entry<TopicPartition, Long> e : ends.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    static long parseTime(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException ignored) {
            // not epoch millis; try ISO-8601 below
        }
        try {
            return Instant.parse(text).toEpochMilli();
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(text).toInstant().toEpochMilli();
            } catch (DateTimeParseException e2) {
                throw new IllegalArgumentException("--from-time must be ISO-8601 (2024-05-01T10:00:00Z) or epoch "
                        + "milliseconds, not '" + text + "'");
            }
        }
    }
}

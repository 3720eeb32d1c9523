package dev.tributary.storage.groups;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One partition of one topic, ordered by topic name then partition number. Immutable.
 *
 * <p>{@link #encode()} gives {@code topic:partition}; topic names cannot contain {@code ':'},
 * so the form is unambiguous.
 */
public record TopicPartition(String topic, int partition) implements Comparable<TopicPartition> {

    @Override
    public int compareTo(TopicPartition o) {
        int c = topic.compareTo(o.topic);
        return c != 0 ? c : Integer.compare(partition, o.partition);
    }

    public String encode() {
        return topic + ":" + partition;
    }

    public static TopicPartition decode(String encoded) {
        int colon = encoded.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("Not a topic partition: " + encoded);
        }
        return new TopicPartition(encoded.substring(0, colon), Integer.parseInt(encoded.substring(colon + 1)));
    }

    @Override
    public String toString() {
        return encode();
    }

    /** Partitions grouped by topic, topics and partitions in ascending order. */
    public static Map<String, List<Integer>> byTopic(Collection<TopicPartition> partitions) {
        Map<String, List<Integer>> out = new TreeMap<>();
        for (TopicPartition tp : new TreeSet<>(partitions)) {
            out.computeIfAbsent(tp.topic(), t -> new ArrayList<>()).add(tp.partition());
        }
        return out;
    }

    /** The compact form {@code orders:0,1,2;payments:3} used for sets stored in one attribute. */
    public static String encodeSet(Collection<TopicPartition> partitions) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, List<Integer>> e : byTopic(partitions).entrySet()) {
            if (sb.length() > 0) {
                sb.append(';');
            }
            sb.append(e.getKey()).append(':');
            List<Integer> ps = e.getValue();
            for (int i = 0; i < ps.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                sb.append(ps.get(i));
            }
        }
        return sb.toString();
    }

    /** The inverse of {@link #encodeSet(Collection)}. */
    public static Set<TopicPartition> decodeSet(String encoded) {
        Set<TopicPartition> out = new TreeSet<>();
        if (encoded == null || encoded.isEmpty()) {
            return out;
        }
        for (String topicPart : encoded.split(";")) {
            int colon = topicPart.lastIndexOf(':');
            String topic = topicPart.substring(0, colon);
            for (String p : topicPart.substring(colon + 1).split(",")) {
                out.add(new TopicPartition(topic, Integer.parseInt(p)));
            }
        }
        return out;
    }
}

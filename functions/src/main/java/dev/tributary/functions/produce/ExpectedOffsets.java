package dev.tributary.functions.produce;

import dev.tributary.core.error.ApiException;
import dev.tributary.core.error.ErrorCode;
import dev.tributary.storage.Topic;
import dev.tributary.storage.log.PartitionId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Parses and checks the expected log end offsets of a conditional append: in a JSON body
 * ({@code "expectedOffset": 41} or {@code "expectedOffsets": {"0": 41}}) or, for the binary
 * form, in the header {@value #HEADER} ({@code 0=41,3=7}). Every named partition must exist and
 * receive records in the same request; offsets are whole numbers {@code >= 0}.
 */
final class ExpectedOffsets {
    static final String HEADER = "Tributary-Expected-Offsets";

    private ExpectedOffsets() {
    }

    static Map<PartitionId, Long> parseHeader(String header, Topic topic, Set<Integer> written) {
        if (header == null || header.isBlank()) {
            return Map.of();
        }
        Map<Integer, Long> byPartition = new LinkedHashMap<>();
        for (String pair : header.split(",", -1)) {
            int eq = pair.indexOf('=');
            if (eq < 0) {
                throw invalid(HEADER + " must look like '0=41,3=7' (partition=offset), not '" + header + "'.");
            }
            int partition = partition(pair.substring(0, eq).trim());
            long offset = number(pair.substring(eq + 1).trim(), HEADER);
            if (byPartition.put(partition, offset) != null) {
                throw invalid(HEADER + " names partition " + partition + " twice.");
            }
        }
        return resolve(byPartition, topic, written);
    }

    static int partition(String text) {
        long p = number(text, "a partition in the expected offsets");
        if (p > Integer.MAX_VALUE) {
            throw invalid("Partition " + text + " does not exist.");
        }
        return (int) p;
    }

    static long offset(Long value, String field) {
        if (value == null || value < 0) {
            throw invalid("'" + field + "' must be a whole number >= 0.");
        }
        return value;
    }

    static Map<PartitionId, Long> resolve(Map<Integer, Long> byPartition, Topic topic, Set<Integer> written) {
        Map<PartitionId, Long> out = new LinkedHashMap<>();
        byPartition.forEach((partition, offset) -> {
            if (!written.contains(partition)) {
                throw invalid("An expected offset is given for partition " + partition
                        + ", but no record of the request goes there.");
            }
            out.put(new PartitionId(topic.topicId(), partition), offset);
        });
        return out;
    }

    private static long number(String text, String what) {
        if (text.isEmpty() || text.length() > 19) {
            throw invalid("'" + what + "' must be a whole number >= 0, not '" + text + "'.");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                throw invalid("'" + what + "' must be a whole number >= 0, not '" + text + "'.");
            }
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw invalid("'" + what + "' is out of range: '" + text + "'.");
        }
    }

    private static ApiException invalid(String detail) {
        return new ApiException(ErrorCode.INVALID_REQUEST, detail);
    }
}

package dev.tributary.benchmarks;

import dev.tributary.benchmarks.cost.RequestCounts;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one run of one workload (or one point of a sweep) measured on one system.
 * {@code metrics} keeps insertion order, which is the order reports show. {@code requests}
 * and {@code costBytes} are the AWS calls made during the phase that {@code costPhase}
 * names ({@code ingest} or {@code read}) and the payload bytes that phase moved; they are
 * null/0 for systems that make no AWS calls. Immutable after the runner returns it.
 */
public record Result(String workload, String variant, String system, Map<String, Double> metrics,
                     String costPhase, RequestCounts requests, long costBytes) {

    public Result {
        metrics = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    }

    /** The row key shared by both systems' results of the same workload point. */
    public String key() {
        return variant.isEmpty() ? workload : workload + " [" + variant + "]";
    }
}

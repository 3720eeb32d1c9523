package dev.tributary.core.api;

import java.util.List;

/** {@code GET /v1/groups}: the groups the caller may see, with their state and member counts. */
public record GroupList(List<Entry> groups) {

    /** One group: {@code state} is {@code Empty}, {@code Stable} or {@code Reconciling}. */
    public record Entry(String group, String state, int members) {
    }
}

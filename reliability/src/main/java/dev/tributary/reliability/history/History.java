package dev.tributary.reliability.history;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;

/**
 * The events of one run, recorded concurrently by every client. Thread-safe: {@link #record}
 * takes the next sequence number and appends atomically enough for ordering (the number is
 * taken at the moment of the call, so an event recorded after another returned has a larger
 * one).
 */
public final class History {
    private final AtomicLong seq = new AtomicLong();
    private final ConcurrentLinkedQueue<Event> events = new ConcurrentLinkedQueue<>();

    /** Records the event built from the next sequence number and returns it. */
    public <E extends Event> E record(LongFunction<E> event) {
        E e = event.apply(seq.incrementAndGet());
        events.add(e);
        return e;
    }

    /** A sequence number for something that is recorded later (e.g. when a commit was sent). */
    public long tick() {
        return seq.incrementAndGet();
    }

    /** The events so far, ordered by sequence number. */
    public List<Event> events() {
        List<Event> copy = new ArrayList<>(events);
        copy.sort(Comparator.comparingLong(Event::seq));
        return copy;
    }

    /** A history made of given events (for tests and replays). */
    public static History of(List<? extends Event> events) {
        History h = new History();
        h.events.addAll(events);
        h.seq.set(events.stream().mapToLong(Event::seq).max().orElse(0));
        return h;
    }
}

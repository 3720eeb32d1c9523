package dev.tributary.localstack.internal;

import com.almworks.sqlite4java.SQLiteJob;
import com.almworks.sqlite4java.SQLiteQueue;

import java.io.File;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReadWriteLock;

/**
 * Makes DynamoDB Local acknowledge a {@code TransactWriteItems} only after SQLite has
 * committed it.
 *
 * <p>DynamoDB Local (2.6.x) runs every database access as a job on one sqlite4java
 * {@link SQLiteQueue}. Its transaction path queues {@code BEGIN} and waits for it, queues
 * the writes and waits for them, but only queues {@code COMMIT} and returns: the HTTP
 * answer goes out while the commit (two fsyncs) is still pending. Other requests cannot
 * see the difference, because their jobs run after the commit on the same queue, but a
 * process killed in that window leaves a hot journal that SQLite rolls back on the next
 * start: an acknowledged transaction is gone, and the offsets it assigned are handed out
 * again. Single-item writes are not affected (they wait for their job).
 *
 * <p>The fix replaces the database's queue by one whose {@code execute} waits for the job
 * it was given, so the commit has finished before the transaction is acknowledged. It
 * reaches DynamoDB Local's internals reflectively: {@link #install} returns how many
 * databases it fixed, and 0 when a future DynamoDB Local is laid out differently.
 * In-memory databases are left alone: there is nothing to lose on a crash.
 *
 * <p>Not thread-safe: call once, after the server has opened its database and before it
 * serves anyone else.
 */
public final class DurableCommits {
    private static final String DB_ACCESS_CLASS = "com.amazonaws.services.dynamodbv2.local.shared.access.sqlite.SQLiteDBAccess";
    private static final String OWN_PACKAGE = "com.amazonaws.services.dynamodbv2";
    private static final int MAX_DEPTH = 8;

    private DurableCommits() {
    }

    /**
     * Installs the waiting queue on every file-backed database reachable from {@code server}.
     *
     * @return the number of databases changed
     * @throws IllegalStateException if a queue cannot be swapped once found
     */
    public static int install(Object server) {
        Set<Object> found = Collections.newSetFromMap(new IdentityHashMap<>());
        collect(server, 0, Collections.newSetFromMap(new IdentityHashMap<>()), found);
        int installed = 0;
        for (Object access : found) {
            if (swapQueue(access)) {
                installed++;
            }
        }
        return installed;
    }

    /** Whether the database access object behind {@code server} already waits for its commits. */
    public static boolean installedOn(Object server) {
        Set<Object> found = Collections.newSetFromMap(new IdentityHashMap<>());
        collect(server, 0, Collections.newSetFromMap(new IdentityHashMap<>()), found);
        if (found.isEmpty()) {
            return false;
        }
        for (Object access : found) {
            try {
                if (!(queueField(access.getClass()).get(access) instanceof AwaitingQueue)) {
                    return false;
                }
            } catch (ReflectiveOperationException e) {
                return false;
            }
        }
        return true;
    }

    private static boolean swapQueue(Object access) {
        try {
            Field queueField = queueField(access.getClass());
            Field lockField = field(access.getClass(), "queueLock");
            ReadWriteLock lock = (ReadWriteLock) lockField.get(access);
            lock.writeLock().lock();
            try {
                SQLiteQueue old = (SQLiteQueue) queueField.get(access);
                if (old instanceof AwaitingQueue || old.getDatabaseFile() == null) {
                    return false;
                }
                File file = old.getDatabaseFile();
                old.stop(true).join();
                queueField.set(access, new AwaitingQueue(file).start());
                return true;
            } finally {
                lock.writeLock().unlock();
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot make DynamoDB Local's commits durable", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while swapping DynamoDB Local's queue", e);
        }
    }

    private static Field queueField(Class<?> type) throws NoSuchFieldException {
        return field(type, "queue");
    }

    private static Field field(Class<?> type, String name) throws NoSuchFieldException {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            try {
                Field f = c.getDeclaredField(name);
                f.setAccessible(true);
                return f;
            } catch (NoSuchFieldException ignored) {
                // look in the superclass
            }
        }
        throw new NoSuchFieldException(type.getName() + "." + name);
    }

    /** Walks DynamoDB Local's own objects (and maps and collections of them) looking for database access objects. */
    private static void collect(Object node, int depth, Set<Object> seen, Set<Object> found) {
        if (node == null || depth > MAX_DEPTH || !seen.add(node)) {
            return;
        }
        if (node instanceof Map<?, ?> map) {
            for (Object value : new ArrayList<>(map.values())) {
                collect(value, depth + 1, seen, found);
            }
            return;
        }
        if (node instanceof Collection<?> collection) {
            for (Object value : new ArrayList<>(collection)) {
                collect(value, depth + 1, seen, found);
            }
            return;
        }
        for (Class<?> c = node.getClass(); c != null; c = c.getSuperclass()) {
            if (c.getName().equals(DB_ACCESS_CLASS)) {
                found.add(node);
                return;
            }
        }
        if (!node.getClass().getName().startsWith(OWN_PACKAGE)) {
            return;
        }
        for (Class<?> c = node.getClass(); c != null && c.getName().startsWith(OWN_PACKAGE); c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers()) || f.getType().isPrimitive()) {
                    continue;
                }
                try {
                    f.setAccessible(true);
                    collect(f.get(node), depth + 1, seen, found);
                } catch (RuntimeException | IllegalAccessException inaccessible) {
                    // not ours to look into
                }
            }
        }
    }

    /**
     * A queue whose {@link #execute} returns only once the job has run. Jobs submitted from
     * the queue's own thread are not awaited (that would deadlock).
     */
    static final class AwaitingQueue extends SQLiteQueue {
        AwaitingQueue(File file) {
            super(file);
        }

        @Override
        public <T, J extends SQLiteJob<T>> J execute(J job) {
            J queued = super.execute(job);
            if (!isDatabaseThread()) {
                queued.complete();
            }
            return queued;
        }

        @Override
        public AwaitingQueue start() {
            super.start();
            return this;
        }
    }
}

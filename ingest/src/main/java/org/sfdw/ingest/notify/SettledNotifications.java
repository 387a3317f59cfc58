package org.sfdw.ingest.notify;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.BiConsumer;

/**
 * One target's settled notifications in memory, for {@code GET /requests/<id>} and the re-send task. A broker may
 * keep years of requests, nearly all of them delivered in order: those are three numbers each in arrays (20 bytes),
 * and only the rest (failed, refused, skipped, delivered out of order after a re-send) are objects in a map.
 */
final class SettledNotifications {

    private final String target;
    private long[] ids = new long[1024];
    private long[] ats = new long[1024];
    private int[] attempts = new int[1024];
    private int size;
    private final ConcurrentSkipListMap<Long, NotificationState> others = new ConcurrentSkipListMap<>();
    private long unresolved;

    SettledNotifications(String target) {
        this.target = target;
    }

    /** @return the state it replaces, if any */
    synchronized Optional<NotificationState> put(long id, NotificationState state) {
        Optional<NotificationState> before = get(id);
        if (state.state().equals(NotificationState.DELIVERED) && (size == 0 || id > ids[size - 1])) {
            if (size == ids.length) {
                ids = Arrays.copyOf(ids, size * 2);
                ats = Arrays.copyOf(ats, size * 2);
                attempts = Arrays.copyOf(attempts, size * 2);
            }
            ids[size] = id;
            ats[size] = state.atMillis();
            attempts[size] = state.attempts();
            size++;
            others.remove(id);
        } else {
            others.put(id, state);
        }
        unresolved += (state.unresolved() ? 1 : 0) - (before.isPresent() && before.get().unresolved() ? 1 : 0);
        return before;
    }

    synchronized Optional<NotificationState> get(long id) {
        NotificationState other = others.get(id);
        if (other != null) {
            return Optional.of(other);
        }
        int at = Arrays.binarySearch(ids, 0, size, id);
        return at < 0 ? Optional.empty()
                : Optional.of(new NotificationState(target, NotificationState.DELIVERED, attempts[at], null, ats[at]));
    }

    /** The failed and refused ones of requests {@code fromId} to {@code toId}, in id order. */
    List<Long> unresolved(long fromId, long toId) {
        return others.subMap(fromId, true, toId, true).entrySet().stream()
                .filter(e -> e.getValue().unresolved()).map(Map.Entry::getKey).toList();
    }

    synchronized long unresolvedCount() {
        return unresolved;
    }

    /** Every settled notification, each id once. */
    synchronized void forEach(BiConsumer<Long, NotificationState> action) {
        for (int i = 0; i < size; i++) {
            if (!others.containsKey(ids[i])) {
                action.accept(ids[i], new NotificationState(target, NotificationState.DELIVERED, attempts[i], null,
                        ats[i]));
            }
        }
        others.forEach(action);
    }
}

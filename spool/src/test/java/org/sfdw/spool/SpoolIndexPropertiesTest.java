package org.sfdw.spool;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The index of runs answers every question as one slot per id would, whatever appends, losses and cuts came. */
class SpoolIndexPropertiesTest {

    /** One slot per id, the plain meaning of the index. */
    private static final class Slots {
        long first = -1;
        final List<Long> slots = new ArrayList<>();

        void add(long id, long queueIndex) {
            if (first < 0 || slots.isEmpty()) {
                first = id;
                slots.clear();
            }
            int slot = (int) (id - first);
            while (slots.size() > slot) {
                slots.remove(slots.size() - 1);
            }
            while (slots.size() < slot) {
                slots.add(-1L);
            }
            slots.add(queueIndex);
        }

        void truncateAfter(long id) {
            while (!slots.isEmpty() && first + slots.size() - 1 > id) {
                slots.remove(slots.size() - 1);
            }
        }

        void dropThrough(long id) {
            while (!slots.isEmpty() && first <= id) {
                slots.remove(0);
                first++;
            }
        }

        long firstId() {
            return slots.isEmpty() ? 0 : first;
        }

        long lastId() {
            return slots.isEmpty() ? 0 : first + slots.size() - 1;
        }

        long queueIndexOf(long id) {
            return slots.isEmpty() || id < first || id >= first + slots.size() ? -1 : slots.get((int) (id - first));
        }

        long firstHeldFrom(long from, long to) {
            for (long id = Math.max(from, firstId()); id <= Math.min(to, lastId()); id++) {
                if (queueIndexOf(id) >= 0) {
                    return queueIndexOf(id);
                }
            }
            return -1;
        }
    }

    private record Op(int kind, int idOffset, int length, boolean jump) {
    }

    @Provide
    Arbitrary<List<Op>> operations() {
        return Arbitraries.integers().between(0, 9).flatMap(kind -> Arbitraries.integers().between(-4, 3)
                .flatMap(offset -> Arbitraries.integers().between(1, 4).flatMap(length -> Arbitraries.of(true, false)
                        .map(jump -> new Op(kind, offset, length, jump))))).list().ofMaxSize(60);
    }

    @Property(tries = 400)
    void runsAnswerAsSlotsDo(@ForAll("operations") List<Op> operations) {
        SpoolIndex index = new SpoolIndex();
        Slots slots = new Slots();
        long queueIndex = 1000;
        for (Op op : operations) {
            long id = Math.max(Math.max(1, slots.firstId()), slots.lastId() + 1 + op.idOffset());
            switch (op.kind()) {
                case 0, 1, 2, 3, 4 -> {
                    queueIndex += op.jump() ? 1000 : 1;   // a new day's file, or the next record
                    index.add(id, queueIndex);
                    slots.add(id, queueIndex);
                }
                case 5 -> {
                    long from = slots.lastId() + 1;
                    index.loseThrough(from, from + op.length() - 1);
                    for (long lost = from; lost < from + op.length(); lost++) {
                        slots.add(lost, SpoolIndex.LOST);
                    }
                }
                case 6 -> {
                    index.addRun(id, queueIndex + 1, op.length());
                    for (int i = 0; i < op.length(); i++) {
                        slots.add(id + i, queueIndex + 1 + i);
                    }
                    queueIndex += op.length();
                }
                case 7 -> {
                    index.truncateAfter(slots.lastId() - op.length());
                    slots.truncateAfter(slots.lastId() - op.length());
                }
                default -> {
                    index.dropThrough(slots.firstId() + op.length() - 1);
                    slots.dropThrough(slots.firstId() + op.length() - 1);
                }
            }
            assertThat(index.firstId()).isEqualTo(slots.firstId());
            assertThat(index.lastId()).isEqualTo(slots.lastId());
        }
        for (long id = 0; id <= slots.lastId() + 2; id++) {
            assertThat(index.queueIndexOf(id)).as("id %d", id).isEqualTo(slots.queueIndexOf(id));
            for (long to = id; to <= slots.lastId() + 2; to++) {
                assertThat(index.firstHeldFrom(id, to)).as("first held in %d..%d", id, to)
                        .isEqualTo(slots.firstHeldFrom(id, to));
            }
        }
        List<String> gaps = new ArrayList<>();
        for (long id = slots.firstId(); id > 0 && id <= slots.lastId(); id++) {
            if (slots.queueIndexOf(id) == -1) {
                long last = id;
                while (last + 1 <= slots.lastId() && slots.queueIndexOf(last + 1) == -1) {
                    last++;
                }
                gaps.add(id + (last > id ? ".." + last : ""));
                id = last;
            }
        }
        assertThat(index.gaps(1000)).isEqualTo(gaps);
    }
}

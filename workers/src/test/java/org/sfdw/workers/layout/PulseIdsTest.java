package org.sfdw.workers.layout;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

import java.util.Arrays;
import java.util.List;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The merge walk the extended layout uses for in-order channels gives what sorting all ids gives. */
class PulseIdsTest {

    @Property
    void mergingIncreasingChannelsIsSortingTheirIds(
            @ForAll @Size(max = 6) List<@Size(max = 40) List<@LongRange(min = -5, max = 60) Long>> channels) {
        long[] merged = new long[0];
        long[] everything = new long[0];
        for (List<Long> channel : channels) {
            long[] increasing = PulseIds.sortedDistinct(channel.stream().mapToLong(Long::longValue).toArray());
            merged = PulseIds.mergeIncreasing(merged, increasing);
            everything = LongStream.concat(Arrays.stream(everything), Arrays.stream(increasing)).toArray();
        }
        long[] sorted = Arrays.stream(everything).sorted().distinct().toArray();
        assertThat(merged).containsExactly(sorted);
        assertThat(PulseIds.strictlyIncreasing(merged)).isTrue();
    }

    @Property
    void sortedDistinctIsSortedAndDistinct(@ForAll @Size(max = 50) List<@LongRange(min = 0, max = 30) Long> ids) {
        long[] array = ids.stream().mapToLong(Long::longValue).toArray();
        assertThat(PulseIds.sortedDistinct(array)).containsExactly(Arrays.stream(array).sorted().distinct().toArray());
    }
}

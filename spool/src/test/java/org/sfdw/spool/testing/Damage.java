package org.sfdw.spool.testing;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ArbitrarySupplier;
import net.jqwik.api.Tuple;

import java.util.Arrays;
import java.util.List;

/** Damage done to real recorded input by the parsers' property tests: bytes replaced, the end cut off. */
public final class Damage {

    private Damage() {
    }

    /** The input with some bytes replaced and possibly cut short. */
    public static byte[] apply(byte[] original, List<Tuple.Tuple2<Integer, Byte>> flips, int cut) {
        byte[] damaged = original.clone();
        for (Tuple.Tuple2<Integer, Byte> flip : flips) {
            damaged[flip.get1() % damaged.length] = flip.get2();
        }
        return Arrays.copyOf(damaged, Math.max(0, damaged.length - cut % (damaged.length + 1)));
    }

    /** Up to eight (position, new byte) pairs; positions wrap around the input: {@code @ForAll(supplier = ...)}. */
    public static final class Flips implements ArbitrarySupplier<List<Tuple.Tuple2<Integer, Byte>>> {
        @Override
        public Arbitrary<List<Tuple.Tuple2<Integer, Byte>>> get() {
            return Arbitraries.integers().greaterOrEqual(0).flatMap(position -> Arbitraries.bytes()
                    .map(value -> Tuple.of(position, value))).list().ofMinSize(0).ofMaxSize(8);
        }
    }

    /** Nothing cut, or up to 1 MiB cut from the end. */
    public static final class Cuts implements ArbitrarySupplier<Integer> {
        @Override
        public Arbitrary<Integer> get() {
            return Arbitraries.oneOf(Arbitraries.just(0), Arbitraries.integers().between(0, 1 << 20));
        }
    }
}

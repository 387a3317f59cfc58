package org.sfdw.spool;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SpoolTest {

    @TempDir
    Path dir;

    private static WriteRequest request(String file, double timestamp) {
        return new WriteRequest(WriteRequest.NO_ID, timestamp, "{\"range\": {}}", "{\"output_file\": \"" + file + "\"}");
    }

    @Test
    void appendedRequestsReadBackInOrderWithSequentialIds() {
        try (Spool spool = Spool.open(dir, Durability.SYNC)) {
            WriteRequest first = spool.append(request("/a.h5", 1.5));
            List<WriteRequest> next = spool.appendAll(List.of(request("/b.h5", 2.25), request("/c.h5", 3.0)));

            assertThat(first.id()).isEqualTo(1);
            assertThat(next).extracting(WriteRequest::id).containsExactly(2L, 3L);
            assertThat(spool.readAll()).containsExactly(first, next.get(0), next.get(1));
            assertThat(spool.readAll().get(1).parameters()).isEqualTo("{\"output_file\": \"/b.h5\"}");
            assertThat(spool.readAll().get(1).timestamp()).isEqualTo(2.25);
        }
    }

    @Test
    void idsContinueAfterReopening() {
        try (Spool spool = Spool.open(dir, Durability.SYNC)) {
            spool.append(request("/a.h5", 1));
            spool.append(request("/b.h5", 2));
        }
        try (Spool spool = Spool.open(dir, Durability.ASYNC)) {
            assertThat(spool.lastId()).isEqualTo(2);
            assertThat(spool.append(request("/c.h5", 3)).id()).isEqualTo(3);
            assertThat(spool.readAll()).extracting(WriteRequest::id).containsExactly(1L, 2L, 3L);
        }
    }

    @Test
    void namedTailerSkipsNothingItDidNotTakeAndResumesAfterReopen() {
        try (Spool spool = Spool.open(dir, Durability.NONE)) {
            spool.appendAll(List.of(request("/a.h5", 1), request("/b.h5", 2), request("/c.h5", 3)));
            try (SpoolTailer tailer = spool.namedTailer("t")) {
                assertThat(tailer.offerNext(r -> true)).isEqualTo(SpoolTailer.Offer.TAKEN);
                assertThat(tailer.offerNext(r -> false)).isEqualTo(SpoolTailer.Offer.DECLINED);
                assertThatThrownBy(() -> tailer.offerNext(r -> {
                    throw new IllegalStateException("writer gone");
                })).hasMessage("writer gone");
            }
        }
        try (Spool spool = Spool.open(dir, Durability.NONE);
             SpoolTailer tailer = spool.namedTailer("t")) {
            long[] seen = new long[1];
            assertThat(tailer.offerNext(r -> {
                seen[0] = r.id();
                return true;
            })).isEqualTo(SpoolTailer.Offer.TAKEN);
            assertThat(seen[0]).as("the declined request comes again").isEqualTo(2);
            assertThat(tailer.offerNext(r -> r.id() == 3)).isEqualTo(SpoolTailer.Offer.TAKEN);
            assertThat(tailer.offerNext(r -> true)).isEqualTo(SpoolTailer.Offer.NOTHING_NEW);
        }
    }

    @Test
    void unwritableDirectoryIsRefusedWithAClearMessage() throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-dir"), "x");
        assertThatThrownBy(() -> Spool.open(file.resolve("spool"), Durability.SYNC))
                .isInstanceOf(SpoolUnavailableException.class)
                .hasMessageContaining("cannot create spool directory");
    }

    @Test
    void requestsAreFoundByIdAndListedNewestFirstAcrossReopens() {
        try (Spool spool = Spool.open(dir, Durability.SYNC)) {
            spool.appendAll(List.of(request("/a.h5", 1), request("/b.h5", 2)));
        }
        try (Spool spool = Spool.open(dir, Durability.SYNC)) {
            WriteRequest rerun = spool.append(request("/a.h5", 1).asRerunOf(1));

            assertThat(spool.read(2).orElseThrow().parameters()).contains("/b.h5");
            assertThat(spool.read(3)).contains(rerun);
            assertThat(spool.read(3).orElseThrow().rerunOf()).isEqualTo(1);
            assertThat(spool.read(1).orElseThrow().rerunOf()).isEqualTo(WriteRequest.NO_ID);
            assertThat(spool.read(4)).isEmpty();
            assertThat(spool.read(0)).isEmpty();
            assertThat(spool.newestFirst(10, r -> true)).extracting(WriteRequest::id).containsExactly(3L, 2L, 1L);
            assertThat(spool.newestFirst(1, r -> r.parameters().contains("/a.h5"))).extracting(WriteRequest::id)
                    .containsExactly(3L);
        }
    }
}

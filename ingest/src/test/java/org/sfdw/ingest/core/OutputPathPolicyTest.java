package org.sfdw.ingest.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OutputPathPolicyTest {

    @TempDir
    Path root;

    @Test
    void nothingInsideTheSpoolIsAcceptedEvenUnderAnAllowedRoot() throws Exception {
        Path spool = Files.createDirectories(root.resolve("spool/outcomes"));
        Path link = Files.createSymbolicLink(root.resolve("data-link"), spool.getParent());
        OutputPathPolicy policy = new OutputPathPolicy(List.of(root), List.of(spool.getParent()));

        assertThatThrownBy(() -> policy.check(root.resolve("spool/metadata.cq4t").toString()))
                .isInstanceOf(RejectedException.class).hasMessageContaining("is inside the spool");
        assertThatThrownBy(() -> policy.check(root.resolve("spool/outcomes/run.h5").toString()))
                .hasMessageContaining("is inside the spool");
        assertThatThrownBy(() -> policy.check(link.resolve("run.h5").toString()))
                .as("also through a symbolic link").hasMessageContaining("is inside the spool");
        assertThatCode(() -> policy.check(root.resolve("spool-runs/run.h5").toString())).doesNotThrowAnyException();
        assertThatCode(() -> policy.check(root.resolve("run.h5").toString())).doesNotThrowAnyException();
    }

    @Test
    void aRootItselfAndControlCharactersAreRefused() {
        OutputPathPolicy policy = new OutputPathPolicy(List.of(root), List.of());

        assertThatThrownBy(() -> policy.check(root.toString())).isInstanceOf(RejectedException.class)
                .hasMessageContaining("is an allowed directory itself");
        assertThatThrownBy(() -> policy.check(root + "/run\n1.h5")).hasMessageContaining("control character")
                .hasMessageContaining("U+000A");
        assertThatThrownBy(() -> policy.check(root + "/run\t1.h5")).hasMessageContaining("U+0009");
        assertThatCode(() -> policy.check(root + "/r\u00e9sum\u00e9 \u2014 run 1.h5")).doesNotThrowAnyException();
    }
}

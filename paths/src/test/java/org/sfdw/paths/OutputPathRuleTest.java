package org.sfdw.paths;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OutputPathRuleTest {

    @TempDir
    Path root;

    @Test
    void nothingInsideTheSpoolIsAcceptedEvenUnderAnAllowedRoot() throws Exception {
        Path spool = Files.createDirectories(root.resolve("spool/outcomes"));
        Path link = Files.createSymbolicLink(root.resolve("data-link"), spool.getParent());
        OutputPathRule rule = new OutputPathRule(List.of(root), List.of(spool.getParent()));

        assertThatThrownBy(() -> rule.check(root.resolve("spool/metadata.cq4t").toString()))
                .isInstanceOf(OutputPathRefusedException.class).hasMessageContaining("is inside the spool");
        assertThatThrownBy(() -> rule.check(root.resolve("spool/outcomes/run.h5").toString()))
                .hasMessageContaining("is inside the spool");
        assertThatThrownBy(() -> rule.check(link.resolve("run.h5").toString()))
                .as("also through a symbolic link").hasMessageContaining("is inside the spool");
        assertThatCode(() -> rule.check(root.resolve("spool-runs/run.h5").toString())).doesNotThrowAnyException();
        assertThatCode(() -> rule.check(root.resolve("run.h5").toString())).doesNotThrowAnyException();
    }

    @Test
    void aRootItselfAndControlCharactersAreRefused() {
        OutputPathRule rule = new OutputPathRule(List.of(root), List.of());

        assertThatThrownBy(() -> rule.check(root.toString())).isInstanceOf(OutputPathRefusedException.class)
                .hasMessageContaining("is an allowed directory itself");
        assertThatThrownBy(() -> rule.check(root + "/run\n1.h5")).hasMessageContaining("control character")
                .hasMessageContaining("U+000A");
        assertThatThrownBy(() -> rule.check(root + "/run\t1.h5")).hasMessageContaining("U+0009");
        assertThatCode(() -> rule.check(root + "/r\u00e9sum\u00e9 \u2014 run 1.h5")).doesNotThrowAnyException();
    }

    @Test
    void aLinkOnTheWayIsFollowedAndTheRealPlaceReturned() throws Exception {
        Path data = Files.createDirectories(root.resolve("data/run"));
        Path outside = Files.createDirectories(root.resolve("elsewhere"));
        Path link = Files.createSymbolicLink(data.resolve("current"), data);
        OutputPathRule rule = new OutputPathRule(List.of(root.resolve("data")), List.of());

        assertThat(rule.check(link.resolve("run_1.h5").toString()))
                .isEqualTo(data.toRealPath().resolve("run_1.h5"));
        assertThat(rule.check(data.resolve("new/dir/run_1.h5").toString()))
                .as("directories still to be made are appended").isEqualTo(data.toRealPath().resolve("new/dir/run_1.h5"));

        Files.delete(link);
        Files.createSymbolicLink(link, outside);
        assertThatThrownBy(() -> rule.check(link.resolve("run_1.h5").toString()))
                .as("the same path once the link was swapped").isInstanceOf(OutputPathRefusedException.class)
                .hasMessageContaining("leads through a symbolic link to " + outside.toRealPath().resolve("run_1.h5"));
        Files.delete(link);
        Files.createSymbolicLink(link, root.resolve("data"));
        assertThatThrownBy(() -> rule.check(data.resolve("current").toString()))
                .as("a link to a root is the root").hasMessageContaining("an allowed directory itself");
        assertThat(rule.check("/dev/null")).isEqualTo(Path.of("/dev/null"));
    }
}

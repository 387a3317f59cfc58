package org.sfdw.ingest.core;

import org.sfdw.paths.OutputPathRefusedException;
import org.sfdw.paths.OutputPathRule;

import java.nio.file.Path;
import java.util.List;

/**
 * Whether a writer may be asked to write {@code output_file}, as a broker refusal: the {@link OutputPathRule} that
 * the writers check again before they create and before they rename.
 */
public final class OutputPathPolicy {

    private final OutputPathRule rule;

    public OutputPathPolicy(List<Path> roots) {
        this(roots, List.of());
    }

    /** @param forbidden directories no output may go into, even under an allowed root */
    public OutputPathPolicy(List<Path> roots, List<Path> forbidden) {
        this.rule = new OutputPathRule(roots, forbidden);
    }

    /** @throws RejectedException saying why the path is refused */
    public void check(String outputFile) {
        try {
            rule.check(outputFile);
        } catch (OutputPathRefusedException e) {
            throw new RejectedException(e.getMessage());
        }
    }
}

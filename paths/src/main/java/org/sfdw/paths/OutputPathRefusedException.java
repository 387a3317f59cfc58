package org.sfdw.paths;

/** An {@code output_file} that no writer may write; the message names the rule it breaks. */
public class OutputPathRefusedException extends IllegalArgumentException {

    public OutputPathRefusedException(String message) {
        super(message);
    }
}

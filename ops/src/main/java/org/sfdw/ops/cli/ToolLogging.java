package org.sfdw.ops.cli;

/**
 * The tools' logging: everything on stderr, WARN and above (INFO with {@code --verbose}), so that stdout holds only
 * a tool's output (an audit export piped into a file is an audit trail, nothing else). The jar's logback.xml does
 * it; this only chooses its level, before anything logs: logback then starts only when something does (a tool
 * that logs nothing, such as {@code inspect}, does not pay for it).
 */
final class ToolLogging {

    static final String LEVEL_PROPERTY = "sfdw.tool.log.level";

    void configure(boolean verbose) {
        System.setProperty(LEVEL_PROPERTY, verbose ? "INFO" : "WARN");
    }
}

package org.sfdw.ops.cli;

import org.sfdw.spool.SpoolUnavailableException;

import java.io.PrintStream;
import java.net.ConnectException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Runs one operator tool as a Unix tool: its output on stdout and nothing else, logging on stderr at WARN (INFO with
 * {@code --verbose}), and an error as one line on stderr that says what went wrong; exit 0 on success, 1 on a
 * failure, 2 on a usage error. The stack trace of a failure only with {@code --verbose}.
 */
public final class ToolRun {

    private final CommandLine.Parsed command;
    private final PrintStream out;
    private final PrintStream err;

    public ToolRun(CommandLine.Parsed command, PrintStream out, PrintStream err) {
        this.command = command;
        this.out = out;
        this.err = err;
    }

    public int run() {
        new ToolLogging().configure(command.verbose());
        String prog = "sfdw " + command.command();
        try {
            Options options = Options.of(command.arguments());
            return switch (command.command()) {
                case "inspect" -> inspect(options);
                case "audit export" -> new AuditExportCommand(out, err).run(options);
                case "spool verify" -> new SpoolCommand(out, err).run("verify", options);
                case "spool salvage" -> new SpoolCommand(out, err).run("salvage", options);
                case "submit" -> new SubmitCommand(out, err).run(options);
                case "write" -> new WriteCommand(out, err).run(options);
                default -> throw new IllegalArgumentException("no such command (see 'sfdw --help')");
            };
        } catch (IllegalArgumentException e) {
            return fail(prog, e.getMessage(), e, 2);
        } catch (NoSuchFileException e) {
            return fail(prog, "no such file: " + e.getFile(), e, 1);
        } catch (java.nio.file.AccessDeniedException e) {
            return fail(prog, "permission denied: " + e.getFile(), e, 1);
        } catch (ConnectException e) {
            return fail(prog, "cannot connect: " + (e.getMessage() == null ? "connection refused" : e.getMessage())
                    + " (is the service running, and is the URL right?)", e, 1);
        } catch (SpoolUnavailableException e) {
            return fail(prog, e.getMessage(), e, 1);
        } catch (Exception e) {
            return fail(prog, e.getMessage() == null ? e.toString() : e.getMessage(), e, 1);
        } finally {
            out.flush();
        }
    }

    private int fail(String prog, String message, Exception e, int code) {
        out.flush();
        err.println(prog + ": " + message);
        if (command.verbose()) {
            e.printStackTrace(err);
        }
        return code;
    }

    private int inspect(Options options) {
        H5FileSummary summary = new H5FileSummary(out);
        int failures = 0;
        for (String file : options.arguments()) {
            try {
                summary.print(Path.of(file).toAbsolutePath());
            } catch (IllegalArgumentException e) {
                err.println("sfdw inspect: " + e.getMessage());
                failures++;
            }
        }
        return failures == 0 ? 0 : 1;
    }
}

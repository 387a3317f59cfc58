package org.sfdw.ops.cli;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dropwizard.jackson.Jackson;
import org.sfdw.service.ConfigSection;
import org.sfdw.spool.AuditLine;
import org.sfdw.spool.RequestParameters;
import org.sfdw.spool.WriteRequest;
import org.sfdw.spool.outcome.ChannelReport;
import org.sfdw.workers.WriterConfiguration;
import org.sfdw.workers.core.ErrFileWriter;
import org.sfdw.workers.core.WriteRequestProcessor;
import org.sfdw.workers.core.WriteResult;
import org.sfdw.workers.dataapi.DataApiClient;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code sfdw write FILE... [--output PATH] [--data-api URL] [--config FILE]}: redoes the requests of {@code .err} or
 * audit-trail files here and now, as a writer would (same data api, retries and policies, from the writer's section
 * of the config), without broker or ZMQ, and prints each file's completeness report.
 */
public final class WriteCommand {

    private final ObjectMapper mapper = Jackson.newObjectMapper();
    private final PrintStream out;
    private final PrintStream err;

    public WriteCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public int run(Options options) throws Exception {
        if (options.arguments().isEmpty()) {
            throw new IllegalArgumentException("sfdw write needs at least one .err or audit-trail file");
        }
        WriterConfiguration config = writerConfiguration(options.configFile());
        options.get("data-api").ifPresent(config.getDataApi()::setQueryUrl);
        // A re-run happens long after the acquisition: no retrieval delay.
        config.setRetrievalDelay(io.dropwizard.util.Duration.seconds(0));
        Optional<String> output = options.get("output");
        output.ifPresent(place -> {
            // Where the operator says to write is allowed, whatever the writers' roots are.
            List<String> roots = new ArrayList<>(config.getAllowedOutputRoots());
            Path chosen = Path.of(place).toAbsolutePath().normalize();
            roots.add((isDirectory(place) ? chosen : chosen.getParent()).toString());
            config.setAllowedOutputRoots(roots);
        });
        DataApiClient dataApi = null;
        WriteRequestProcessor processor = null;
        int written = 0;
        int failed = 0;
        for (String name : options.arguments()) {
            Path input = Path.of(name).toAbsolutePath();
            List<String> lines = Files.readAllLines(input, StandardCharsets.UTF_8);
            for (int n = 0; n < lines.size(); n++) {
                if (lines.get(n).isBlank()) {
                    continue;
                }
                WriteRequest request = AuditLine.parse(lines.get(n), mapper);
                if (output.isPresent()) {
                    request = writingTo(request, output.get());
                }
                if (processor == null) {
                    // Made for the first request only: a file without any costs no HTTP client and no HDF5 library.
                    Clock clock = Clock.systemDefaultZone();
                    dataApi = config.getDataApi().build(mapper);
                    processor = config.buildProcessor(dataApi, mapper, new MetricRegistry(), clock);
                }
                WriteResult result;
                try (Progress progress = new Progress(err, name + ":" + (n + 1), dataApi::bytesRead)) {
                    result = processor.process(request);
                }
                switch (result.kind()) {
                    case WRITTEN -> {
                        written++;
                        out.printf("%s:%d: wrote %s%n", name, n + 1, result.outputFile());
                        for (ChannelReport report : result.report()) {
                            out.printf("  %s%n", report.verdictLine());
                        }
                        if (input.equals(ErrFileWriter.errFileFor(result.outputFile())) && !Files.exists(input)) {
                            out.printf("  removed %s: its request is written now%n", input);
                        }
                    }
                    case SKIPPED -> out.printf("%s:%d: skipped (output_file %s)%n", name, n + 1, result.outputFile());
                    default -> {
                        failed++;
                        out.printf("%s:%d: FAILED: %s%n", name, n + 1, result.error());
                    }
                }
            }
        }
        err.printf("%d written, %d failed (data api %s)%n", written, failed, config.getDataApi().getQueryUrl());
        return failed == 0 ? 0 : 1;
    }

    private static boolean isDirectory(String place) {
        return place.endsWith("/") || Files.isDirectory(Path.of(place));
    }

    /** The request with its output file at {@code place}: a directory keeps the request's own file name. */
    private WriteRequest writingTo(WriteRequest request, String place) throws java.io.IOException {
        ObjectNode parameters = (ObjectNode) mapper.readTree(request.parameters());
        Path chosen = Path.of(place).toAbsolutePath().normalize();
        Path target = isDirectory(place)
                ? chosen.resolve(Path.of(parameters.path(RequestParameters.OUTPUT_FILE).asText("run.h5")).getFileName())
                : chosen;
        parameters.put(RequestParameters.OUTPUT_FILE, target.toString());
        return new WriteRequest(request.id(), request.timestamp(), request.dataApiRequest(),
                mapper.writeValueAsString(parameters), request.rerunOf());
    }

    private WriterConfiguration writerConfiguration(Path config) throws Exception {
        if (!Files.exists(config)) {
            return new WriterConfiguration();
        }
        ObjectNode settings = (ObjectNode) ConfigSection.of("writer").read(config.toString());
        // Only the writing settings matter here; the service's server and logging sections are not for a tool.
        settings.remove(List.of("server", "logging", "metrics"));
        return mapper.treeToValue(settings, WriterConfiguration.class);
    }
}

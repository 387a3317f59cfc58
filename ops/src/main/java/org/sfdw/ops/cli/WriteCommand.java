package org.sfdw.ops.cli;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dropwizard.jackson.Jackson;
import org.sfdw.ops.config.ConfigSection;
import org.sfdw.spool.AuditLine;
import org.sfdw.spool.RequestParameters;
import org.sfdw.spool.WriteRequest;
import org.sfdw.spool.outcome.ChannelReport;
import org.sfdw.workers.WriterConfiguration;
import org.sfdw.workers.core.ErrFileWriter;
import org.sfdw.workers.core.WriteRequestProcessor;
import org.sfdw.workers.core.WriteResult;
import org.sfdw.workers.core.WriterMetrics;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Set;

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

    public int run(String[] args) throws Exception {
        Options options = new Options(args, Set.of("output", "data-api", "config"));
        if (options.arguments().isEmpty()) {
            throw new IllegalArgumentException("sfdw write needs at least one .err or audit-trail file");
        }
        WriterConfiguration config = writerConfiguration(options.configFile());
        options.get("data-api").ifPresent(config.getDataApi()::setQueryUrl);
        // A re-run happens long after the acquisition: no retrieval delay.
        config.setRetrievalDelay(io.dropwizard.util.Duration.seconds(0));
        Clock clock = Clock.systemDefaultZone();
        WriteRequestProcessor processor = new WriteRequestProcessor(config.getDataApi().build(mapper),
                config.fileWriter(mapper), new ErrFileWriter(clock), mapper,
                config.processorSettings(), new WriterMetrics(new MetricRegistry()), clock);
        int written = 0;
        int failed = 0;
        for (String name : options.arguments()) {
            List<String> lines = Files.readAllLines(Path.of(name), StandardCharsets.UTF_8);
            for (int n = 0; n < lines.size(); n++) {
                if (lines.get(n).isBlank()) {
                    continue;
                }
                WriteRequest request = AuditLine.parse(lines.get(n), mapper);
                if (options.get("output").isPresent()) {
                    ObjectNode parameters = (ObjectNode) mapper.readTree(request.parameters());
                    parameters.put(RequestParameters.OUTPUT_FILE, options.get("output").get());
                    request = new WriteRequest(request.id(), request.timestamp(), request.dataApiRequest(),
                            mapper.writeValueAsString(parameters), request.rerunOf());
                }
                WriteResult result = processor.process(request);
                switch (result.kind()) {
                    case WRITTEN -> {
                        written++;
                        out.printf("%s:%d: wrote %s%n", name, n + 1, result.outputFile());
                        for (ChannelReport report : result.report()) {
                            out.printf("  %s%n", report.verdictLine());
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

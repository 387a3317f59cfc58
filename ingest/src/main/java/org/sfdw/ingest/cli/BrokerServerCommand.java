package org.sfdw.ingest.cli;

import io.dropwizard.core.Application;
import io.dropwizard.core.cli.ServerCommand;
import io.dropwizard.core.setup.Bootstrap;
import net.sourceforge.argparse4j.impl.Arguments;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;
import org.sfdw.ingest.BrokerConfiguration;

/**
 * Dropwizard's {@code server} command plus the original's {@code --audit-trail-only} flag and
 * {@code --epics_writer_url} option (which replaces {@code notifications.epicsWriterUrl}; empty turns it off).
 */
public class BrokerServerCommand extends ServerCommand<BrokerConfiguration> {

    static final String AUDIT_TRAIL_ONLY = "auditTrailOnly";
    static final String EPICS_WRITER_URL = "epicsWriterUrl";

    public BrokerServerCommand(Application<BrokerConfiguration> application) {
        super(application);
    }

    @Override
    public void configure(Subparser subparser) {
        super.configure(subparser);
        subparser.addArgument("--audit-trail-only", "--audit_trail_only")
                .dest(AUDIT_TRAIL_ONLY)
                .action(Arguments.storeTrue())
                .help("spool write requests but do not forward them to writers");
        subparser.addArgument("--epics_writer_url", "--epics-writer-url")
                .dest(EPICS_WRITER_URL)
                .metavar("URL")
                .help("tell the EPICS writer here about each stop (default: notifications.epicsWriterUrl, "
                        + "http://localhost:10200/notify; empty: nobody)");
    }

    /** Before the application is built from the configuration, which happens ahead of the server's own run. */
    @Override
    protected void run(Bootstrap<BrokerConfiguration> bootstrap, Namespace namespace, BrokerConfiguration configuration)
            throws Exception {
        if (Boolean.TRUE.equals(namespace.getBoolean(AUDIT_TRAIL_ONLY))) {
            configuration.setAuditTrailOnly(true);
        }
        String epicsWriter = namespace.getString(EPICS_WRITER_URL);
        if (epicsWriter != null) {
            configuration.getNotifications().setEpicsWriterUrl(epicsWriter);
            configuration.getNotifications().epicsWriter();   // a bad URL stops the start here, naming the option
        }
        super.run(bootstrap, namespace, configuration);
    }
}

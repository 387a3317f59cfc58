package org.sfdw.ingest.cli;

import io.dropwizard.core.Application;
import io.dropwizard.core.cli.ServerCommand;
import io.dropwizard.core.setup.Bootstrap;
import net.sourceforge.argparse4j.impl.Arguments;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;
import org.sfdw.ingest.BrokerConfiguration;

/** Dropwizard's {@code server} command plus the original's {@code --audit-trail-only} flag. */
public class BrokerServerCommand extends ServerCommand<BrokerConfiguration> {

    static final String AUDIT_TRAIL_ONLY = "auditTrailOnly";

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
    }

    /** Before the application is built from the configuration, which happens ahead of the server's own run. */
    @Override
    protected void run(Bootstrap<BrokerConfiguration> bootstrap, Namespace namespace, BrokerConfiguration configuration)
            throws Exception {
        if (Boolean.TRUE.equals(namespace.getBoolean(AUDIT_TRAIL_ONLY))) {
            configuration.setAuditTrailOnly(true);
        }
        super.run(bootstrap, namespace, configuration);
    }
}

package org.sfdw.ingest.core;

import com.fasterxml.jackson.databind.JsonNode;

/** Everything checked before parameters are accepted: mandatory keys, output path, channel limits. */
public final class ParametersValidator {

    private final OutputPathPolicy paths;
    private final ChannelLimits limits;

    public ParametersValidator(OutputPathPolicy paths, ChannelLimits limits) {
        this.paths = paths;
        this.limits = limits;
    }

    /** @throws RejectedException saying what is wrong */
    public AcquisitionParameters validate(JsonNode body) {
        AcquisitionParameters parameters = AcquisitionParameters.validate(body);
        paths.check(parameters.outputFile());
        parameters.channels().ifPresent(channels -> limits.check(channels, "'channels' in the parameters"));
        return parameters;
    }
}

package org.sfdw.ops.sim;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.core.Configuration;
import org.sfdw.service.ServerDefaults;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.sfdw.ops.sim.core.SimulatedChannel;

import java.util.List;

/** The data-buffer simulator's configuration: its channel catalog. */
public class SimulatorConfiguration extends Configuration {

    /** Without a {@code server:} section: ports 10003 and admin 10103, both on 127.0.0.1, the request log at DEBUG. */
    public SimulatorConfiguration() {
        setServerFactory(ServerDefaults.loopback(10003, 10103));
    }

    /** The channels the simulated buffer knows; any other channel is answered with no config and no data. */
    @NotNull
    private List<SimulatedChannel> channels = List.of(
            new SimulatedChannel("SIM:SCALAR-F64", "float64", List.of(1), 1),
            new SimulatedChannel("SIM:WAVE-F32", "float32", List.of(128), 1));

    /** The longest pulse range one query may ask for (a guard against a typo asking for years of data). */
    @Min(1)
    private long maxPulsesPerQuery = 10_000_000;

    @JsonProperty
    public List<SimulatedChannel> getChannels() {
        return channels;
    }

    @JsonProperty
    public void setChannels(List<SimulatedChannel> channels) {
        this.channels = channels;
    }

    @JsonProperty
    public long getMaxPulsesPerQuery() {
        return maxPulsesPerQuery;
    }

    @JsonProperty
    public void setMaxPulsesPerQuery(long maxPulsesPerQuery) {
        this.maxPulsesPerQuery = maxPulsesPerQuery;
    }
}

package org.sfdw.ops.sim.tasks;

import io.dropwizard.servlets.tasks.Task;
import org.sfdw.ops.sim.core.ConnectionRefusal;
import org.sfdw.ops.sim.core.FaultSwitch;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /tasks/fault?kind=http-500&count=2&millis=500} on the simulator's admin port: makes the next queries fail
 * (kinds: none, http-500, delay, stall, truncate, malformed; count 0 = until switched off; millis for delay and
 * stall), or with {@code kind=refuse&millis=5000} closes the query port for that long (0: until {@code kind=none}).
 */
public class FaultTask extends Task {

    private final FaultSwitch faults;
    private final ConnectionRefusal refusal;

    public FaultTask(FaultSwitch faults, ConnectionRefusal refusal) {
        super("fault");
        this.faults = faults;
        this.refusal = refusal;
    }

    @Override
    public void execute(Map<String, List<String>> parameters, PrintWriter output) throws Exception {
        FaultSwitch.Kind kind = FaultSwitch.Kind.parse(first(parameters, "kind", "none"));
        int count = Integer.parseInt(first(parameters, "count", "0"));
        Duration duration = Duration.ofMillis(Long.parseLong(first(parameters, "millis", "0")));
        if (kind == FaultSwitch.Kind.REFUSE) {
            output.println("fault: " + refusal.refuse(duration));
            return;
        }
        refusal.reopen();
        faults.set(kind, count, duration);
        output.println("fault: " + faults.describe());
    }

    private static String first(Map<String, List<String>> parameters, String key, String fallback) {
        List<String> values = parameters.get(key);
        return values == null || values.isEmpty() ? fallback : values.get(0);
    }
}

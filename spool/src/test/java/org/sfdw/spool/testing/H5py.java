package org.sfdw.spool.testing;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Opens an HDF5 file with Debian's h5py (what the scientists use) and reports every dataset's dtype and shape,
 * so tests check that files read in h5py exactly as the original's did.
 */
public final class H5py {

    /** Debian's interpreter, which has python3-h5py; a python3 earlier on PATH (pyenv) may not. */
    public static final String PYTHON = "/usr/bin/python3";

    public record Dataset(String dtype, List<Integer> shape) {
    }

    private static final String DUMP = String.join("\n",
            "import h5py, json, sys, numpy",
            "out = {'datasets': {}, 'attrs': {}}",
            "def plain(v):",
            "    if isinstance(v, bytes): return v.decode('utf-8', 'replace')",
            "    if isinstance(v, (list, tuple)): return [plain(x) for x in v]",
            "    if isinstance(v, numpy.generic): return v.item()",
            "    return v",
            "def visit(name, obj):",
            "    attrs = {k: plain(numpy.asarray(v).tolist()) for k, v in obj.attrs.items()}",
            "    if attrs: out['attrs']['/' + name] = attrs",
            "    if isinstance(obj, h5py.Dataset):",
            "        dt = obj.dtype",
            "        info = h5py.check_string_dtype(dt)",
            "        out['datasets']['/' + name] = {'dtype': 'bool' if dt == bool else dt.str,",
            "            'encoding': info.encoding if info else None, 'shape': list(obj.shape),",
            "            'values': plain(obj[()].tolist())}",
            "with h5py.File(sys.argv[1], 'r') as f:",
            "    f.visititems(visit)",
            "print(json.dumps(out))");

    private H5py() {
    }

    /**
     * Everything h5py reads from a (small) file: per dataset {@code dtype} (numpy's, {@code bool} for h5py bools),
     * {@code encoding} of strings, {@code shape} and {@code values} (nested lists, bytes decoded as UTF-8); per object
     * its attributes. Shaped {@code {"datasets": {path: {...}}, "attrs": {path: {name: value}}}}.
     */
    public static JsonNode dump(Path file) {
        return run(DUMP, file);
    }

    private static JsonNode run(String script, Path file) {
        try {
            Process process = new ProcessBuilder(PYTHON, "-c", script, file.toString()).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new AssertionError("h5py could not read " + file + ":\n" + output);
            }
            return com.fasterxml.jackson.databind.json.JsonMapper.builder()
                    .enable(com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build().readTree(output);
        } catch (IOException e) {
            throw new AssertionError("cannot run " + PYTHON + " with h5py (ops/bin/sfdw installs python3-h5py)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Every dataset's dtype ({@code vlen-str} for variable-length strings) and shape, from {@link #dump}. */
    public static Map<String, Dataset> datasets(Path file) {
        Map<String, Dataset> datasets = new LinkedHashMap<>();
        dump(file).get("datasets").fields().forEachRemaining(e -> {
            JsonNode d = e.getValue();
            boolean variableString = d.get("dtype").asText().equals("|O") && !d.get("encoding").isNull();
            List<Integer> shape = new ArrayList<>();
            d.get("shape").forEach(n -> shape.add(n.asInt()));
            datasets.put(e.getKey(), new Dataset(variableString ? "vlen-str" : d.get("dtype").asText(), shape));
        });
        return datasets;
    }
}

package org.sfdw.spool.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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

    private static final String SCRIPT = String.join("\n",
            "import h5py, json, sys",
            "out = {}",
            "def visit(name, obj):",
            "    if isinstance(obj, h5py.Dataset):",
            "        dt = obj.dtype",
            "        kind = 'vlen-str' if h5py.check_string_dtype(dt) is not None and dt.kind == 'O' else dt.str",
            "        out['/' + name] = {'dtype': 'bool' if dt == bool else kind, 'shape': list(obj.shape)}",
            "with h5py.File(sys.argv[1], 'r') as f:",
            "    f.visititems(visit)",
            "print(json.dumps(out))");

    private H5py() {
    }

    public static Map<String, Dataset> datasets(Path file) {
        try {
            Process process = new ProcessBuilder(PYTHON, "-c", SCRIPT, file.toString()).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new AssertionError("h5py could not read " + file + ":\n" + output);
            }
            JsonNode json = new ObjectMapper().readTree(output);
            Map<String, Dataset> datasets = new LinkedHashMap<>();
            json.fields().forEachRemaining(e -> datasets.put(e.getKey(), new Dataset(e.getValue().get("dtype").asText(),
                    new ObjectMapper().convertValue(e.getValue().get("shape"),
                            new com.fasterxml.jackson.core.type.TypeReference<List<Integer>>() { }))));
            return datasets;
        } catch (IOException e) {
            throw new AssertionError("cannot run " + PYTHON + " with h5py (ops/bin/sfdw installs python3-h5py)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}

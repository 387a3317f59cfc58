package org.sfdw.ops;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sfdw.ops.cli.H5FileSummary;
import org.sfdw.spool.testing.H5py;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code sfdw inspect} on an HDF5 file that sfdw did not write: what it holds, and which of sfdw's parts are absent. */
class H5FileSummaryTest {

    @TempDir
    Path dir;

    @Test
    void aFileOfAnotherProgramIsListedWithTheAbsentPartsOfTheLayoutNamed() throws Exception {
        Path file = dir.resolve("scan.h5");
        Process python = new ProcessBuilder(H5py.PYTHON, "-c", String.join("\n",
                "import h5py, numpy, sys",
                "with h5py.File(sys.argv[1], 'w') as f:",
                "    f['general/user'] = numpy.bytes_('p1')",
                "    f['scan/energy'] = numpy.zeros((3, 2), dtype='f4')",
                "    f['data/CH:A/data'] = numpy.arange(4, dtype='i2')"), file.toString())
                .redirectErrorStream(true).start();
        String said = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(python.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(python.exitValue()).as(said).isZero();
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        new H5FileSummary(new PrintStream(out, true, StandardCharsets.UTF_8)).print(file);

        String summary = out.toString(StandardCharsets.UTF_8);
        assertThat(summary).contains("general/user        p1").contains("general/created     (missing)")
                .containsPattern("CH:A +int16 +\\[4] +-")
                .contains("not all of sfdw's layout: /general/created, /general/instrument, /general/process, "
                        + "/data/CH:A/pulse_id, /data/CH:A/is_data_present, /data/CH:A/global_date absent");

        python = new ProcessBuilder(H5py.PYTHON, "-c", "import h5py, numpy, sys\nwith h5py.File(sys.argv[1], 'w') as f:"
                + "\n    f['scan/energy'] = numpy.zeros((3, 2), dtype='f4')", dir.resolve("other.h5").toString())
                .redirectErrorStream(true).start();
        python.getInputStream().readAllBytes();
        assertThat(python.waitFor(60, TimeUnit.SECONDS)).isTrue();
        out.reset();
        new H5FileSummary(new PrintStream(out, true, StandardCharsets.UTF_8)).print(dir.resolve("other.h5"));
        assertThat(out.toString(StandardCharsets.UTF_8)).containsPattern("/scan/energy +float32 +\\[3, 2]")
                .contains("not sfdw's layout: /general/created, /general/instrument, /general/process, "
                        + "/general/user, /data absent");
    }
}

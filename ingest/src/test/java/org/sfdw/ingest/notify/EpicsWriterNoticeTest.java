package org.sfdw.ingest.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.sfdw.ingest.core.OutputPathPolicy;
import org.sfdw.ingest.core.WriteRequestFactory;
import org.sfdw.spool.WriteRequest;
import org.sfdw.spool.json.PythonJson;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The EPICS writer's body, byte for byte as the original sent it: the expected bytes come from Python's
 * {@code requests} preparing {@code PUT url json={"range": ..., "parameters": ...}}, the original's own call, on the
 * parameters as a client posted them.
 */
class EpicsWriterNoticeTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String PARAMETERS = "{\"general/created\": \"2018-06-08 14:04:00\", \"general/user\": "
            + "\"M\\u00fcller \\\"quoted\\\"\", \"general/process\": \"test_process\", \"general/instrument\": "
            + "\"alvra\", \"output_file\": \"/sf/alvra/data/run_0001.h5\", \"comment\": \"caf\u00e9 \ud83d\ude00\", "
            + "\"shots\": 100, \"gain\": 0.1}";
    private static final long START = 5721143344L;
    private static final long STOP = 5721143416L;

    private final PythonJson json = new PythonJson(MAPPER);
    private final EpicsWriterNotice notice = new EpicsWriterNotice(json);

    private List<WriteRequest> stop(boolean separateCameras, List<String> channels) {
        WriteRequestFactory factory = new WriteRequestFactory(json, separateCameras,
                new OutputPathPolicy(List.of(Path.of("/sf")), List.of()));
        return factory.build(channels, (ObjectNode) json.parse(PARAMETERS), START, STOP, 1528459491.5);
    }

    /** What Python's requests puts on the wire for the original's call. */
    private static byte[] originalBody(String parameters, long start, long stop) throws Exception {
        String script = "import json, sys, requests\n"
                + "body = requests.Request('PUT', 'http://localhost:10200/notify', json={'range': {'startPulseId': "
                + "int(sys.argv[2]), 'endPulseId': int(sys.argv[3])}, 'parameters': json.loads(sys.argv[1])})"
                + ".prepare().body\n"
                + "sys.stdout.buffer.write(body)\n";
        Process python;
        try {
            python = new ProcessBuilder("/usr/bin/python3", "-c", script, parameters, Long.toString(start),
                    Long.toString(stop)).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        } catch (IOException e) {
            Assumptions.abort("skipped: python3 with requests (which ops/bin/sfdw installs) cannot be run: " + e);
            throw e;
        }
        byte[] body = python.getInputStream().readAllBytes();
        Assumptions.assumeTrue(python.waitFor() == 0, "skipped: python3 has no requests module");
        return body;
    }

    @Test
    void theStopsFirstRequestGetsTheOriginalsBodyByteForByte() throws Exception {
        List<WriteRequest> requests = stop(true, List.of("SAR:CH1", "SAR:CAM1:FPICTURE", "SAR:CH2"));

        assertThat(notice.body(requests.get(0))).hasValueSatisfying(body ->
                assertThat(body).isEqualTo(uncheckedOriginalBody()));
    }

    private static byte[] uncheckedOriginalBody() {
        try {
            return originalBody(PARAMETERS, START, STOP);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void cameraRequestsAndReRunsGetNone() {
        List<WriteRequest> requests = stop(true, List.of("SAR:CH1", "SAR:CAM1:FPICTURE", "SAR:CAM2:FPICTURE"));

        assertThat(requests).hasSize(3);
        assertThat(notice.body(requests.get(1))).isEmpty();
        assertThat(notice.body(requests.get(2))).isEmpty();
        assertThat(notice.body(requests.get(0).withId(7).asRerunOf(3))).isEmpty();
    }

    @Test
    void anAcquisitionOfCamerasOnlyStillNotifiesWithItsFirstRequest() {
        List<WriteRequest> requests = stop(true, List.of("SAR:CAM1:FPICTURE"));

        assertThat(requests).hasSize(2);
        assertThat(notice.body(requests.get(0))).hasValue(uncheckedOriginalBody());
        assertThat(notice.body(requests.get(1))).isEmpty();
    }

    @Test
    void withoutCameraSeparationTheOneRequestNotifies() {
        List<WriteRequest> requests = stop(false, List.of("SAR:CH1", "SAR:CAM1:FPICTURE"));

        assertThat(requests).hasSize(1);
        assertThat(notice.body(requests.get(0))).hasValue(uncheckedOriginalBody());
    }
}

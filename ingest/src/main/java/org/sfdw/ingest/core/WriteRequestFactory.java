package org.sfdw.ingest.core;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.sfdw.spool.RequestParameters;
import org.sfdw.spool.WriteRequest;
import org.sfdw.spool.json.PythonJson;
import org.sfdw.spool.query.DataApiQuery;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns one finished acquisition into write requests, as the original broker did (bsread.md §7.4): with camera
 * separation, one request for every non-camera channel (sent even if there are none) and then one per camera,
 * whose output file gets {@code _<camera>.h5} appended.
 */
public final class WriteRequestFactory {

    private final PythonJson json;
    private final boolean separateCameraChannels;
    private final OutputPathPolicy paths;

    public WriteRequestFactory(PythonJson json, boolean separateCameraChannels, OutputPathPolicy paths) {
        this.json = json;
        this.separateCameraChannels = separateCameraChannels;
        this.paths = paths;
    }

    public List<WriteRequest> build(List<String> channels, ObjectNode parameters, long startPulseId, long stopPulseId,
                                    double timestamp) {
        if (!separateCameraChannels) {
            return List.of(request(channels, parameters, startPulseId, stopPulseId, timestamp));
        }
        List<String> plain = channels.stream().filter(c -> !DataApiQuery.isPicture(c)).toList();
        List<WriteRequest> requests = new ArrayList<>();
        requests.add(request(plain, parameters, startPulseId, stopPulseId, timestamp));
        for (String camera : channels.stream().filter(DataApiQuery::isPicture).toList()) {
            String cameraName = camera.substring(0, camera.length() - DataApiQuery.PICTURE_SUFFIX.length());
            ObjectNode cameraParameters = parameters.deepCopy();
            String cameraFile = parameters.get(RequestParameters.OUTPUT_FILE).asText() + "_" + cameraName + ".h5";
            paths.check(cameraFile);
            cameraParameters.put(RequestParameters.OUTPUT_FILE, cameraFile);
            requests.add(request(List.of(camera), cameraParameters, startPulseId, stopPulseId, timestamp));
        }
        return requests;
    }

    private WriteRequest request(List<String> channels, ObjectNode parameters, long start, long stop, double timestamp) {
        DataApiQuery query = new DataApiQuery(channels.stream().map(DataApiQuery.Channel::forName).toList(), start, stop);
        return new WriteRequest(WriteRequest.NO_ID, timestamp, query.toJson(), json.dumps(parameters));
    }
}

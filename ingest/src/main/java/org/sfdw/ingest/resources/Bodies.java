package org.sfdw.ingest.resources;

import org.sfdw.ingest.core.RejectedException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;

/** Reads request bodies with a size limit and strict UTF-8, so oversized or garbled input is refused, not guessed at. */
final class Bodies {

    private final int maxBytes;

    Bodies(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** @throws BodyTooLargeException or {@link RejectedException} for bytes that are not UTF-8 */
    String read(InputStream body) {
        byte[] bytes;
        try {
            bytes = body == null ? new byte[0] : body.readNBytes(maxBytes + 1);
        } catch (IOException e) {
            throw new RejectedException("could not read the request body: " + e.getMessage());
        }
        if (bytes.length > maxBytes) {
            throw new BodyTooLargeException("request body is larger than the limit of " + maxBytes + " bytes");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new RejectedException("request body is not valid UTF-8");
        }
    }

    static final class BodyTooLargeException extends RejectedException {
        BodyTooLargeException(String message) {
            super(message);
        }
    }
}

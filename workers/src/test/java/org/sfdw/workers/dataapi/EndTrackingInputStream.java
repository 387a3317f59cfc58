package org.sfdw.workers.dataapi;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Counts the bytes read and remembers whether the end was reached, to tell a cut-off body from a malformed one. */
final class EndTrackingInputStream extends FilterInputStream {

    private long bytes;
    private boolean ended;

    EndTrackingInputStream(InputStream in) {
        super(in);
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b < 0) {
            ended = true;
        } else {
            bytes++;
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n < 0) {
            ended = true;
        } else {
            bytes += n;
        }
        return n;
    }

    long bytes() {
        return bytes;
    }

    boolean ended() {
        return ended;
    }
}

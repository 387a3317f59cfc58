package org.sfdw.workers.core;

/** Bytes an element takes in the file, for choosing chunk and buffer sizes. */
final class H5Sizes {

    /** A variable-length string element is a reference in the chunk; its text lives in the heap. */
    static final int VARIABLE_LENGTH_REFERENCE = 16;

    private H5Sizes() {
    }

    static int elementBytes(ChannelType type) {
        return switch (type) {
            case BOOL, INT8, UINT8 -> 1;
            case INT16, UINT16 -> 2;
            case INT32, UINT32, FLOAT32 -> 4;
            case INT64, UINT64, FLOAT64 -> 8;
            case STRING -> VARIABLE_LENGTH_REFERENCE;
        };
    }
}

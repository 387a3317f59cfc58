package org.sfdw.workers.h5;

import hdf.hdf5lib.H5;
import hdf.hdf5lib.HDF5Constants;
import net.openhft.chronicle.core.Memory;
import net.openhft.chronicle.core.OS;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Moves variable-length strings between Java and HDF5 as standard UTF-8. The binding's string calls convert through
 * JNI, which speaks "modified UTF-8": a character outside the Basic Multilingual Plane (an emoji, U+1D11E) becomes
 * two 3-byte surrogate encodings instead of its 4 bytes, which h5py cannot decode, and NUL becomes two bytes. Such
 * strings go another way: their UTF-8 bytes are put in native memory and HDF5 is handed the array of {@code char*}
 * it expects for a variable-length string, as raw bytes. Every other string (all of ASCII, all of the BMP) has the
 * same bytes in both encodings and keeps the binding's direct call, so the common path costs nothing extra.
 */
final class H5TextTransfer {

    private final Memory memory = OS.memory();
    private boolean rawWritten;     // once a string went in as raw bytes, strings are read back as raw bytes too

    /** True when JNI's modified UTF-8 would store other bytes than UTF-8 for one of these. */
    static boolean needsRawBytes(String[] texts, int count) {
        for (int i = 0; i < count; i++) {
            String text = texts[i];
            if (text == null) {
                continue;
            }
            for (int c = 0; c < text.length(); c++) {
                char ch = text.charAt(c);
                if (ch == 0 || Character.isSurrogate(ch)) {
                    return true;
                }
            }
        }
        return false;
    }

    void write(long dataset, long type, long memorySpace, long fileSpace, String[] texts, int count) {
        if (!needsRawBytes(texts, count)) {
            H5.H5Dwrite_VLStrings(dataset, type, memorySpace, fileSpace, HDF5Constants.H5P_DEFAULT,
                    texts.length == count ? texts : java.util.Arrays.copyOf(texts, count));
            return;
        }
        rawWritten = true;
        byte[][] encoded = new byte[count][];
        long total = 0;
        for (int i = 0; i < count; i++) {
            // A C string ends at its first NUL, as h5py's would; lone surrogates have no UTF-8 and become U+FFFD.
            String text = texts[i] == null ? "" : texts[i];
            int nul = text.indexOf('\0');
            encoded[i] = utf8(nul < 0 ? text : text.substring(0, nul));
            total += encoded[i].length + 1;
        }
        long block = memory.allocate(Math.max(1, total));
        try {
            ByteBuffer pointers = ByteBuffer.allocate(count * 8).order(ByteOrder.nativeOrder());
            long at = block;
            for (byte[] bytes : encoded) {
                memory.copyMemory(bytes, 0, at, bytes.length);
                memory.writeByte(at + bytes.length, (byte) 0);
                pointers.putLong(at);
                at += bytes.length + 1;
            }
            H5.H5Dwrite(dataset, type, memorySpace, fileSpace, HDF5Constants.H5P_DEFAULT, pointers.array());
        } finally {
            memory.freeMemory(block, Math.max(1, total));
        }
    }

    /** Reads {@code count} strings as UTF-8 into the start of {@code into}; its dataset's strings went through
     * {@link #write} alone. */
    void read(long dataset, long type, long memorySpace, long fileSpace, String[] into, int count) {
        if (!rawWritten) {
            String[] read = new String[count];
            H5.H5Dread_VLStrings(dataset, type, memorySpace, fileSpace, HDF5Constants.H5P_DEFAULT, read);
            System.arraycopy(read, 0, into, 0, count);
            return;
        }
        byte[] pointers = new byte[count * 8];
        H5.H5Dread(dataset, type, memorySpace, fileSpace, HDF5Constants.H5P_DEFAULT, pointers);
        try {
            ByteBuffer addresses = ByteBuffer.wrap(pointers).order(ByteOrder.nativeOrder());
            for (int i = 0; i < count; i++) {
                long address = addresses.getLong(i * 8);
                into[i] = address == 0 ? "" : cString(address);
            }
        } finally {
            H5.H5Dvlen_reclaim(type, memorySpace, HDF5Constants.H5P_DEFAULT, pointers);
        }
    }

    private String cString(long address) {
        int length = 0;
        while (memory.readByte(address + length) != 0) {
            length++;
        }
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = memory.readByte(address + i);
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static byte[] utf8(String text) {
        try {
            ByteBuffer bytes = StandardCharsets.UTF_8.newEncoder()
                    .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPLACE)
                    .onMalformedInput(java.nio.charset.CodingErrorAction.REPLACE)
                    .replaceWith(new byte[]{(byte) 0xEF, (byte) 0xBF, (byte) 0xBD})
                    .encode(java.nio.CharBuffer.wrap(text));
            byte[] out = new byte[bytes.remaining()];
            bytes.get(out);
            return out;
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new IllegalStateException("UTF-8 with replacement cannot fail", e);
        }
    }
}

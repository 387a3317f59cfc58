package org.sfdw.workers.h5;

import hdf.hdf5lib.H5;
import hdf.hdf5lib.HDF5Constants;
import net.openhft.chronicle.core.Memory;
import net.openhft.chronicle.core.OS;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Moves variable-length strings between Java and HDF5 as standard UTF-8, as the {@code char*} array HDF5 expects for
 * a variable-length string, handed over as raw bytes.
 *
 * <p>Not through the binding's string calls: they convert each string through JNI, which speaks "modified UTF-8" (a
 * character outside the Basic Multilingual Plane, an emoji, becomes two 3-byte surrogate encodings h5py cannot
 * decode, and NUL two bytes), and they cost a JNI conversion and a native allocation per string: a third of the time
 * of a file of a million scalar events, whose {@code global_date} strings are one per event. Here a block's strings
 * are encoded into one heap arena, copied to native memory in one go, and pointed into; an ASCII string (every
 * date) is copied as it is. The bytes in the file are those the binding wrote for every string it could write.
 */
final class H5TextTransfer {

    private static final byte[] REPLACEMENT = {(byte) 0xEF, (byte) 0xBF, (byte) 0xBD};

    private final Memory memory = OS.memory();
    private byte[] arena = new byte[64 * 1024];

    void write(long dataset, long type, long memorySpace, long fileSpace, String[] texts, int count) {
        int used = 0;
        int[] offsets = new int[count];
        for (int i = 0; i < count; i++) {
            String text = texts[i] == null ? "" : texts[i];
            offsets[i] = used;
            used = isPlainAscii(text) ? putAscii(text, used) : putEncoded(text, used);
        }
        long block = memory.allocate(Math.max(1, used));
        try {
            memory.copyMemory(arena, 0, block, used);
            ByteBuffer pointers = ByteBuffer.allocate(count * 8).order(ByteOrder.nativeOrder());
            for (int i = 0; i < count; i++) {
                pointers.putLong(i * 8, block + offsets[i]);
            }
            H5.H5Dwrite(dataset, type, memorySpace, fileSpace, HDF5Constants.H5P_DEFAULT, pointers.array());
        } finally {
            memory.freeMemory(block, Math.max(1, used));
        }
    }

    private static boolean isPlainAscii(String text) {
        for (int c = 0; c < text.length(); c++) {
            char ch = text.charAt(c);
            if (ch == 0 || ch >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /** Appends the string and its terminating NUL at {@code at}; returns the end. */
    @SuppressWarnings("deprecation") // the byte-copying getBytes is right for ASCII, and copies without encoding
    private int putAscii(String text, int at) {
        int end = at + text.length();
        reserve(end + 1);
        text.getBytes(0, text.length(), arena, at);
        arena[end] = 0;
        return end + 1;
    }

    private int putEncoded(String text, int at) {
        // A C string ends at its first NUL, as h5py's would; lone surrogates have no UTF-8 and become U+FFFD.
        int nul = text.indexOf('\0');
        byte[] bytes = utf8(nul < 0 ? text : text.substring(0, nul));
        reserve(at + bytes.length + 1);
        System.arraycopy(bytes, 0, arena, at, bytes.length);
        arena[at + bytes.length] = 0;
        return at + bytes.length + 1;
    }

    private void reserve(int bytes) {
        if (bytes > arena.length) {
            arena = Arrays.copyOf(arena, Math.max(bytes, arena.length * 2));
        }
    }

    /** Reads {@code count} strings as UTF-8 into the start of {@code into}. */
    void read(long dataset, long type, long memorySpace, long fileSpace, String[] into, int count) {
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
        reserve(length);
        memory.readBytes(address, arena, 0, length);
        return new String(arena, 0, length, StandardCharsets.UTF_8);
    }

    private static byte[] utf8(String text) {
        try {
            ByteBuffer bytes = StandardCharsets.UTF_8.newEncoder()
                    .onUnmappableCharacter(CodingErrorAction.REPLACE)
                    .onMalformedInput(CodingErrorAction.REPLACE)
                    .replaceWith(REPLACEMENT)
                    .encode(CharBuffer.wrap(text));
            byte[] out = new byte[bytes.remaining()];
            bytes.get(out);
            return out;
        } catch (CharacterCodingException e) {
            throw new IllegalStateException("UTF-8 with replacement cannot fail", e);
        }
    }
}

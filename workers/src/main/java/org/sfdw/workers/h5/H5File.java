package org.sfdw.workers.h5;

import hdf.hdf5lib.H5;
import hdf.hdf5lib.HDF5Constants;
import org.sfdw.workers.dataapi.ChannelType;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * An HDF5 file written through the HDF5 library's own Java binding, so that every type is exactly what h5py writes:
 * fixed-length ASCII byte strings padded with NULs ({@code numpy.string_}), the int8 FALSE/TRUE enum (h5py's bool),
 * variable-length UTF-8 strings, little-endian numbers. Intermediate groups are created as needed.
 *
 * <p>Not thread-safe; one file belongs to one writer thread.
 */
public final class H5File implements AutoCloseable {

    private final long file;
    private final long linkCreation;
    private final H5ElementTypes types;
    /** One for all datasets: its buffer is as large as the largest block of strings, and one thread writes. */
    private final H5TextTransfer texts = new H5TextTransfer();

    private H5File(long file) {
        this.file = file;
        this.linkCreation = H5.H5Pcreate(HDF5Constants.H5P_LINK_CREATE);
        H5.H5Pset_create_intermediate_group(linkCreation, true);
        this.types = new H5ElementTypes();
    }

    /** Creates {@code path}, replacing any file there. */
    public static H5File create(Path path) {
        long file = H5.H5Fcreate(path.toString(), HDF5Constants.H5F_ACC_TRUNC, HDF5Constants.H5P_DEFAULT,
                HDF5Constants.H5P_DEFAULT);
        return new H5File(file);
    }

    /**
     * A file that lives in memory only and is gone when closed (HDF5's core driver without a backing store), so that
     * layout tests need no disk.
     */
    public static H5File inMemory(String name) {
        long access = H5.H5Pcreate(HDF5Constants.H5P_FILE_ACCESS);
        try {
            H5.H5Pset_fapl_core(access, 1 << 20, false);
            return new H5File(H5.H5Fcreate(name, HDF5Constants.H5F_ACC_TRUNC, HDF5Constants.H5P_DEFAULT, access));
        } finally {
            H5.H5Pclose(access);
        }
    }

    /** The library's handle, for reading the file back in tests of this package's users. */
    long id() {
        return file;
    }

    /** A scalar fixed-length byte string of the value's UTF-8 bytes, as {@code numpy.string_(value)} stores it. */
    public void writeFixedString(String datasetPath, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        long type = H5.H5Tcopy(HDF5Constants.H5T_C_S1);
        long space = H5.H5Screate(HDF5Constants.H5S_SCALAR);
        try {
            // HDF5 has no zero-length fixed string; numpy stores an empty string as one NUL byte too.
            H5.H5Tset_size(type, Math.max(1, bytes.length));
            H5.H5Tset_strpad(type, HDF5Constants.H5T_STR_NULLPAD);
            H5.H5Tset_cset(type, HDF5Constants.H5T_CSET_ASCII);
            long dataset = H5.H5Dcreate(file, datasetPath, type, space, linkCreation, HDF5Constants.H5P_DEFAULT,
                    HDF5Constants.H5P_DEFAULT);
            try {
                H5.H5Dwrite(dataset, type, HDF5Constants.H5S_ALL, HDF5Constants.H5S_ALL, HDF5Constants.H5P_DEFAULT,
                        bytes.length == 0 ? new byte[1] : bytes);
            } finally {
                H5.H5Dclose(dataset);
            }
        } finally {
            H5.H5Sclose(space);
            H5.H5Tclose(type);
        }
    }

    /**
     * Creates an extendable, chunked dataset of rows: {@code [0] + rowDimensions} now, growing as rows are appended.
     *
     * @param chunkRows rows per chunk (at least 1)
     */
    public H5RowDataset createRows(String datasetPath, ChannelType type, int[] rowDimensions, int chunkRows) {
        return H5RowDataset.create(file, linkCreation, datasetPath, types.of(type), rowDimensions, chunkRows, texts);
    }

    /** Creates a contiguous dataset of a fixed number of rows, for columns whose length is known when written. */
    public H5RowDataset createFixedRows(String datasetPath, ChannelType type, long rows) {
        return H5RowDataset.createFixed(file, linkCreation, datasetPath, types.of(type), rows, texts);
    }

    /** Renames a link (cheap: the data stays where it is). */
    public void move(String from, String to) {
        H5.H5Lmove(file, from, file, to, HDF5Constants.H5P_DEFAULT, HDF5Constants.H5P_DEFAULT);
    }

    public void delete(String objectPath) {
        H5.H5Ldelete(file, objectPath, HDF5Constants.H5P_DEFAULT);
    }

    /** A scalar int64 attribute (h5py reads it as numpy.int64). */
    public void setLongAttribute(String objectPath, String name, long value) {
        long object = H5.H5Oopen(file, objectPath, HDF5Constants.H5P_DEFAULT);
        long space = H5.H5Screate(HDF5Constants.H5S_SCALAR);
        try {
            long attribute = H5.H5Acreate(object, name, HDF5Constants.H5T_STD_I64LE, space, HDF5Constants.H5P_DEFAULT,
                    HDF5Constants.H5P_DEFAULT);
            try {
                H5.H5Awrite(attribute, HDF5Constants.H5T_STD_I64LE,
                        ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(value).array());
            } finally {
                H5.H5Aclose(attribute);
            }
        } finally {
            H5.H5Sclose(space);
            H5.H5Oclose(object);
        }
    }

    @Override
    public void close() {
        try {
            types.close();
            H5.H5Pclose(linkCreation);
        } finally {
            H5.H5Fclose(file);
        }
    }
}

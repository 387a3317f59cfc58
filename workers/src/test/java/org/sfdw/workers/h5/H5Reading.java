package org.sfdw.workers.h5;

import hdf.hdf5lib.H5;
import hdf.hdf5lib.HDF5Constants;

import java.util.function.LongFunction;

/**
 * Reads datasets back from an open {@link H5File}, in memory or not, through the HDF5 library: for layout tests that
 * need no file on disk and no h5py. Tests about files read them with h5py.
 */
public final class H5Reading {

    private final H5File file;

    public H5Reading(H5File file) {
        this.file = file;
    }

    /** The dataset's dimensions, as h5py's {@code shape}. */
    public long[] shape(String path) {
        return withDataset(path, dataset -> {
            long space = H5.H5Dget_space(dataset);
            try {
                long[] dims = new long[H5.H5Sget_simple_extent_ndims(space)];
                H5.H5Sget_simple_extent_dims(space, dims, null);
                return dims;
            } finally {
                H5.H5Sclose(space);
            }
        });
    }

    /** The element type as numpy names it for the types the layout writes: float32, int64, bool (the int8 enum). */
    public String dtype(String path) {
        return withDataset(path, dataset -> {
            long type = H5.H5Dget_type(dataset);
            try {
                int bytes = (int) H5.H5Tget_size(type);
                int typeClass = H5.H5Tget_class(type);
                if (typeClass == HDF5Constants.H5T_FLOAT) {
                    return "float" + 8 * bytes;
                }
                if (typeClass == HDF5Constants.H5T_ENUM) {
                    return "bool";
                }
                if (typeClass == HDF5Constants.H5T_INTEGER) {
                    boolean signed = H5.H5Tget_sign(type) == HDF5Constants.H5T_SGN_2;
                    return (signed ? "int" : "uint") + 8 * bytes;
                }
                return "class " + typeClass;
            } finally {
                H5.H5Tclose(type);
            }
        });
    }

    /** Every element, converted by HDF5 to double. */
    public double[] doubles(String path) {
        double[] values = new double[elements(path)];
        withDataset(path, dataset -> H5.H5Dread_double(dataset, HDF5Constants.H5T_NATIVE_DOUBLE,
                HDF5Constants.H5S_ALL, HDF5Constants.H5S_ALL, HDF5Constants.H5P_DEFAULT, values));
        return values;
    }

    /** Every element, converted by HDF5 to a 64-bit integer. */
    public long[] longs(String path) {
        long[] values = new long[elements(path)];
        withDataset(path, dataset -> H5.H5Dread_long(dataset, HDF5Constants.H5T_NATIVE_INT64,
                HDF5Constants.H5S_ALL, HDF5Constants.H5S_ALL, HDF5Constants.H5P_DEFAULT, values));
        return values;
    }

    /** A bool (int8 enum) dataset's elements, 0 or 1. */
    public byte[] bools(String path) {
        byte[] values = new byte[elements(path)];
        withDataset(path, dataset -> {
            long type = H5.H5Dget_type(dataset);
            try {
                return H5.H5Dread(dataset, type, HDF5Constants.H5S_ALL, HDF5Constants.H5S_ALL,
                        HDF5Constants.H5P_DEFAULT, values);
            } finally {
                H5.H5Tclose(type);
            }
        });
        return values;
    }

    private int elements(String path) {
        long count = 1;
        for (long dim : shape(path)) {
            count *= dim;
        }
        return Math.toIntExact(count);
    }

    private <T> T withDataset(String path, LongFunction<T> read) {
        long dataset = H5.H5Dopen(file.id(), path, HDF5Constants.H5P_DEFAULT);
        try {
            return read.apply(dataset);
        } finally {
            H5.H5Dclose(dataset);
        }
    }
}

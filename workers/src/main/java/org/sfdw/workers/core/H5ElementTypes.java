package org.sfdw.workers.core;

import hdf.hdf5lib.H5;
import hdf.hdf5lib.HDF5Constants;

import java.util.EnumMap;
import java.util.Map;

/** The HDF5 types of a file's datasets, one per {@link ChannelType}, made as h5py makes them. */
final class H5ElementTypes implements AutoCloseable {

    /**
     * @param fileType     the type stored in the file
     * @param memoryType   the type of the Java buffers (little-endian bytes; Java strings for variable-length)
     * @param size         bytes per element in a buffer, 0 for variable-length strings
     */
    record ElementType(ChannelType channelType, long fileType, long memoryType, int size) {
        boolean variableLength() {
            return size == 0;
        }
    }

    private final long bool;
    private final long text;
    private final Map<ChannelType, ElementType> byChannelType = new EnumMap<>(ChannelType.class);

    H5ElementTypes() {
        bool = H5.H5Tenum_create(HDF5Constants.H5T_STD_I8LE);
        H5.H5Tenum_insert(bool, "FALSE", new byte[]{0});
        H5.H5Tenum_insert(bool, "TRUE", new byte[]{1});
        text = H5.H5Tcopy(HDF5Constants.H5T_C_S1);
        H5.H5Tset_size(text, HDF5Constants.H5T_VARIABLE);
        H5.H5Tset_cset(text, HDF5Constants.H5T_CSET_UTF8);
        put(ChannelType.BOOL, bool, 1);
        put(ChannelType.INT8, HDF5Constants.H5T_STD_I8LE, 1);
        put(ChannelType.UINT8, HDF5Constants.H5T_STD_U8LE, 1);
        put(ChannelType.INT16, HDF5Constants.H5T_STD_I16LE, 2);
        put(ChannelType.UINT16, HDF5Constants.H5T_STD_U16LE, 2);
        put(ChannelType.INT32, HDF5Constants.H5T_STD_I32LE, 4);
        put(ChannelType.UINT32, HDF5Constants.H5T_STD_U32LE, 4);
        put(ChannelType.INT64, HDF5Constants.H5T_STD_I64LE, 8);
        put(ChannelType.UINT64, HDF5Constants.H5T_STD_U64LE, 8);
        put(ChannelType.FLOAT32, HDF5Constants.H5T_IEEE_F32LE, 4);
        put(ChannelType.FLOAT64, HDF5Constants.H5T_IEEE_F64LE, 8);
        put(ChannelType.STRING, text, 0);
    }

    private void put(ChannelType channelType, long type, int size) {
        // Buffers are built little-endian in Java, so the file type doubles as the memory type.
        byChannelType.put(channelType, new ElementType(channelType, type, type, size));
    }

    ElementType of(ChannelType type) {
        return byChannelType.get(type);
    }

    @Override
    public void close() {
        H5.H5Tclose(bool);
        H5.H5Tclose(text);
    }
}

package org.sfdw.workers.h5;

import hdf.hdf5lib.H5;
import hdf.hdf5lib.HDF5Constants;
import org.sfdw.workers.dataapi.ChannelType;

import java.util.EnumMap;
import java.util.Map;

/** The HDF5 types of a file's datasets, one per {@link ChannelType}, made as h5py makes them. */
final class H5ElementTypes implements AutoCloseable {

    /**
     * @param type the HDF5 type, in the file and of the Java buffers alike (these are built little-endian; Java
     *             strings for variable-length text)
     */
    record ElementType(ChannelType channelType, long type) {
        boolean variableLength() {
            return channelType.bytes() == 0;
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
        put(ChannelType.BOOL, bool);
        put(ChannelType.INT8, HDF5Constants.H5T_STD_I8LE);
        put(ChannelType.UINT8, HDF5Constants.H5T_STD_U8LE);
        put(ChannelType.INT16, HDF5Constants.H5T_STD_I16LE);
        put(ChannelType.UINT16, HDF5Constants.H5T_STD_U16LE);
        put(ChannelType.INT32, HDF5Constants.H5T_STD_I32LE);
        put(ChannelType.UINT32, HDF5Constants.H5T_STD_U32LE);
        put(ChannelType.INT64, HDF5Constants.H5T_STD_I64LE);
        put(ChannelType.UINT64, HDF5Constants.H5T_STD_U64LE);
        put(ChannelType.FLOAT32, HDF5Constants.H5T_IEEE_F32LE);
        put(ChannelType.FLOAT64, HDF5Constants.H5T_IEEE_F64LE);
        put(ChannelType.STRING, text);
    }

    private void put(ChannelType channelType, long type) {
        byChannelType.put(channelType, new ElementType(channelType, type));
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

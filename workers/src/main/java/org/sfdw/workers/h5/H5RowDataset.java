package org.sfdw.workers.h5;

import hdf.hdf5lib.H5;
import hdf.hdf5lib.HDF5Constants;

import java.util.Arrays;

/**
 * A dataset of rows ({@code [rows] + rowDimensions}) written and read a block of rows at a time, so that a column
 * of any length passes through a small buffer.
 */
public final class H5RowDataset implements AutoCloseable {

    private final long dataset;
    private final H5ElementTypes.ElementType type;
    private final int[] rowDimensions;
    private final int elementsPerRow;
    private final H5TextTransfer texts;
    private long rows;

    private H5RowDataset(long dataset, H5ElementTypes.ElementType type, int[] rowDimensions, long rows,
                         H5TextTransfer texts) {
        this.dataset = dataset;
        this.texts = texts;
        this.type = type;
        this.rowDimensions = rowDimensions.clone();
        this.elementsPerRow = Arrays.stream(rowDimensions).reduce(1, Math::multiplyExact);
        this.rows = rows;
    }

    static H5RowDataset create(long file, long linkCreation, String path, H5ElementTypes.ElementType type,
                               int[] rowDimensions, int chunkRows, H5TextTransfer texts) {
        long[] dims = dimensions(0, rowDimensions);
        long[] max = dims.clone();
        max[0] = HDF5Constants.H5S_UNLIMITED;
        long[] chunk = dims.clone();
        chunk[0] = Math.max(1, chunkRows);
        long space = H5.H5Screate_simple(dims.length, dims, max);
        long creation = H5.H5Pcreate(HDF5Constants.H5P_DATASET_CREATE);
        try {
            H5.H5Pset_chunk(creation, chunk.length, chunk);
            long dataset = H5.H5Dcreate(file, path, type.type(), space, linkCreation, creation,
                    HDF5Constants.H5P_DEFAULT);
            return new H5RowDataset(dataset, type, rowDimensions, 0, texts);
        } finally {
            H5.H5Pclose(creation);
            H5.H5Sclose(space);
        }
    }

    static H5RowDataset createFixed(long file, long linkCreation, String path, H5ElementTypes.ElementType type,
                                    long rows, H5TextTransfer texts) {
        long[] dims = {rows};
        long space = H5.H5Screate_simple(1, dims, null);
        try {
            long dataset = H5.H5Dcreate(file, path, type.type(), space, linkCreation, HDF5Constants.H5P_DEFAULT,
                    HDF5Constants.H5P_DEFAULT);
            return new H5RowDataset(dataset, type, new int[0], rows, texts);
        } finally {
            H5.H5Sclose(space);
        }
    }

    private static long[] dimensions(long rows, int[] rowDimensions) {
        long[] dims = new long[rowDimensions.length + 1];
        dims[0] = rows;
        for (int i = 0; i < rowDimensions.length; i++) {
            dims[i + 1] = rowDimensions[i];
        }
        return dims;
    }

    public long rows() {
        return rows;
    }

    /** A buffer for {@code capacity} rows of this dataset's type and shape. */
    public RowBlock newBlock(int capacity) {
        return new RowBlock(type.channelType(), elementsPerRow, capacity);
    }

    /** Appends the block's first {@code count} rows. */
    public void append(RowBlock block, int count) {
        write(rows, block, count);
    }

    /** Writes the block's first {@code count} rows at {@code row}, growing the dataset if they reach past its end. */
    public void write(long row, RowBlock block, int count) {
        if (count == 0) {
            return;
        }
        if (row + count > rows) {
            extendTo(row + count);
        }
        long memory = H5.H5Screate_simple(rowDimensions.length + 1, dimensions(count, rowDimensions), null);
        long fileSpace = selection(row, count);
        try {
            // HDF5 moves exactly the selection's bytes, so a block larger than the selection is passed as it is.
            if (type.variableLength()) {
                texts.write(dataset, type.type(), memory, fileSpace, block.texts(), count * elementsPerRow);
            } else {
                H5.H5Dwrite(dataset, type.type(), memory, fileSpace, HDF5Constants.H5P_DEFAULT, block.bytes());
            }
        } finally {
            H5.H5Sclose(fileSpace);
            H5.H5Sclose(memory);
        }
    }

    /** Reads {@code count} rows from {@code row} into the start of {@code block}. */
    public void read(long row, int count, RowBlock block) {
        if (count == 0) {
            return;
        }
        long memory = H5.H5Screate_simple(rowDimensions.length + 1, dimensions(count, rowDimensions), null);
        long fileSpace = selection(row, count);
        try {
            if (type.variableLength()) {
                texts.read(dataset, type.type(), memory, fileSpace, block.texts(), count * elementsPerRow);
            } else {
                H5.H5Dread(dataset, type.type(), memory, fileSpace, HDF5Constants.H5P_DEFAULT, block.bytes());
            }
        } finally {
            H5.H5Sclose(fileSpace);
            H5.H5Sclose(memory);
        }
    }

    /** Grows the dataset to {@code newRows}; new rows hold the fill value (zeros, or empty strings). */
    public void extendTo(long newRows) {
        H5.H5Dset_extent(dataset, dimensions(newRows, rowDimensions));
        rows = newRows;
    }

    private long selection(long row, int count) {
        long space = H5.H5Dget_space(dataset);
        long[] start = new long[rowDimensions.length + 1];
        start[0] = row;
        H5.H5Sselect_hyperslab(space, HDF5Constants.H5S_SELECT_SET, start, null,
                dimensions(count, rowDimensions), null);
        return space;
    }

    @Override
    public void close() {
        H5.H5Dclose(dataset);
    }
}

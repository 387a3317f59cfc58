package org.sfdw.workers.core;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.Optional;

/**
 * Reads and writes {@link FileMark}s as the extended attribute {@code user.sfdw.request}. The HDF5 content stays
 * exactly the original's; the attribute travels with the file on the same file system (ext4, XFS, tmpfs, GPFS, NFS
 * 4.2) and is dropped by a plain copy, after which the file counts as one sfdw did not write.
 */
public final class FileMarks {

    static final String ATTRIBUTE = "sfdw.request";   // the JDK adds the "user." namespace

    /**
     * Marks {@code file}.
     *
     * @return false when its file system keeps no extended attributes
     * @throws NoSuchFileException when the file is gone
     */
    public boolean write(Path file, FileMark mark) throws IOException {
        UserDefinedFileAttributeView view = Files.getFileAttributeView(file, UserDefinedFileAttributeView.class);
        if (view == null) {
            return false;
        }
        try {
            view.write(ATTRIBUTE, ByteBuffer.wrap(mark.encode().getBytes(StandardCharsets.US_ASCII)));
            return true;
        } catch (NoSuchFileException e) {
            throw e;
        } catch (FileSystemException e) {
            if (unsupported(e)) {
                return false;
            }
            throw e;
        }
    }

    /** The mark of {@code file}, empty when it has none (another program wrote it, or it was copied). */
    public Optional<FileMark> read(Path file) {
        UserDefinedFileAttributeView view = Files.getFileAttributeView(file, UserDefinedFileAttributeView.class);
        if (view == null) {
            return Optional.empty();
        }
        try {
            if (!view.list().contains(ATTRIBUTE)) {
                return Optional.empty();
            }
            ByteBuffer value = ByteBuffer.allocate(Math.min(4096, view.size(ATTRIBUTE)));
            view.read(ATTRIBUTE, value);
            value.flip();
            return FileMark.decode(StandardCharsets.US_ASCII.decode(value).toString());
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static boolean unsupported(FileSystemException e) {
        String reason = String.valueOf(e.getReason());
        return reason.contains("not supported") || reason.contains("Operation not permitted");
    }
}

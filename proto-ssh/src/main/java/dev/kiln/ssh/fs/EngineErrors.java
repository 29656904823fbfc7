package dev.kiln.ssh.fs;

import dev.kiln.engine.api.error.AccessDeniedException;
import dev.kiln.engine.api.error.AlreadyExistsException;
import dev.kiln.engine.api.error.DirectoryNotEmptyException;
import dev.kiln.engine.api.error.EngineException;
import dev.kiln.engine.api.error.IsDirectoryException;
import dev.kiln.engine.api.error.NoSuchEntryException;
import dev.kiln.engine.api.error.NotDirectoryException;
import dev.kiln.engine.api.error.NotPermittedException;
import dev.kiln.engine.api.error.ReadOnlyFileSystemException;
import dev.kiln.engine.api.error.StaleHandleException;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

/**
 * Turns the engine's exceptions into the {@code java.nio.file} ones, which MINA's SFTP server maps
 * to status codes (SFTP v3 §7: NO_SUCH_FILE, PERMISSION_DENIED, FAILURE; later versions have more).
 */
final class EngineErrors {

  private EngineErrors() {}

  /** The NIO exception for {@code e} about {@code path}. */
  static IOException translate(IOException e, String path) {
    if (!(e instanceof EngineException)) {
      return e;
    }
    String reason = e.getMessage();
    IOException out =
        switch (e) {
          case NoSuchEntryException x -> new NoSuchFileException(path, null, reason);
          case StaleHandleException x -> new NoSuchFileException(path, null, reason);
          case AlreadyExistsException x -> new FileAlreadyExistsException(path, null, reason);
          case AccessDeniedException x ->
              new java.nio.file.AccessDeniedException(path, null, reason);
          case NotPermittedException x ->
              new java.nio.file.AccessDeniedException(path, null, reason);
          case ReadOnlyFileSystemException x ->
              new java.nio.file.AccessDeniedException(path, null, "read-only file system");
          case DirectoryNotEmptyException x -> new java.nio.file.DirectoryNotEmptyException(path);
          case NotDirectoryException x -> new java.nio.file.NotDirectoryException(path);
          case IsDirectoryException x -> new FileSystemException(path, null, "is a directory");
          default -> new FileSystemException(path, null, reason);
        };
    out.initCause(e);
    return out;
  }
}

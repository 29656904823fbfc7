package dev.kiln.engine.api.error;

import java.io.IOException;

/**
 * A status every protocol front end can map to its own error code.
 *
 * <p>The hierarchy is sealed so a front end can translate with an exhaustive {@code switch}; the
 * compiler then flags every new status it does not handle yet. Any other {@link IOException} thrown
 * by the engine means a device or internal failure (EIO, NFS3ERR_IO).
 */
public abstract sealed class EngineException extends IOException
    permits NoSuchEntryException,
        AlreadyExistsException,
        NotDirectoryException,
        IsDirectoryException,
        DirectoryNotEmptyException,
        AccessDeniedException,
        NotPermittedException,
        ReadOnlyFileSystemException,
        StaleHandleException,
        BadHandleException,
        QuotaExceededException,
        NoSpaceException,
        NameTooLongException,
        FileTooLargeException,
        InvalidArgumentException,
        NotSupportedException,
        CrossDeviceException,
        TooManyLinksException,
        CorruptDataException,
        BadCookieException,
        NoSuchAttributeException,
        BusyException {

  /** Creates the exception with a message naming the object concerned. */
  protected EngineException(String message) {
    super(message);
  }

  /** Creates the exception with the lower-level cause. */
  protected EngineException(String message, Throwable cause) {
    super(message, cause);
  }
}

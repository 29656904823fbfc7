package dev.kiln.smb.command;

import dev.kiln.engine.api.error.AccessDeniedException;
import dev.kiln.engine.api.error.AlreadyExistsException;
import dev.kiln.engine.api.error.BadCookieException;
import dev.kiln.engine.api.error.BadHandleException;
import dev.kiln.engine.api.error.BusyException;
import dev.kiln.engine.api.error.CorruptDataException;
import dev.kiln.engine.api.error.CrossDeviceException;
import dev.kiln.engine.api.error.DirectoryNotEmptyException;
import dev.kiln.engine.api.error.FileTooLargeException;
import dev.kiln.engine.api.error.InvalidArgumentException;
import dev.kiln.engine.api.error.IsDirectoryException;
import dev.kiln.engine.api.error.NameTooLongException;
import dev.kiln.engine.api.error.NoSpaceException;
import dev.kiln.engine.api.error.NoSuchAttributeException;
import dev.kiln.engine.api.error.NoSuchEntryException;
import dev.kiln.engine.api.error.NotDirectoryException;
import dev.kiln.engine.api.error.NotPermittedException;
import dev.kiln.engine.api.error.NotSupportedException;
import dev.kiln.engine.api.error.QuotaExceededException;
import dev.kiln.engine.api.error.ReadOnlyFileSystemException;
import dev.kiln.engine.api.error.StaleHandleException;
import dev.kiln.engine.api.error.TooManyLinksException;
import dev.kiln.smb.protocol.NtStatus;
import java.io.IOException;

/** Maps engine exceptions to NTSTATUS values ([MS-ERREF] 2.3.1). */
public final class EngineErrors {

  private EngineErrors() {}

  /** The status for an engine failure; INTERNAL_ERROR for plain I/O errors. */
  public static int status(IOException e) {
    return switch (e) {
      case NoSuchEntryException x -> NtStatus.OBJECT_NAME_NOT_FOUND;
      case AlreadyExistsException x -> NtStatus.OBJECT_NAME_COLLISION;
      case AccessDeniedException x -> NtStatus.ACCESS_DENIED;
      case NotPermittedException x -> NtStatus.ACCESS_DENIED;
      case ReadOnlyFileSystemException x -> NtStatus.MEDIA_WRITE_PROTECTED;
      case NoSpaceException x -> NtStatus.DISK_FULL;
      case QuotaExceededException x -> NtStatus.DISK_FULL;
      case DirectoryNotEmptyException x -> NtStatus.DIRECTORY_NOT_EMPTY;
      case NotDirectoryException x -> NtStatus.NOT_A_DIRECTORY;
      case IsDirectoryException x -> NtStatus.FILE_IS_A_DIRECTORY;
      case NameTooLongException x -> NtStatus.OBJECT_NAME_INVALID;
      case InvalidArgumentException x -> NtStatus.INVALID_PARAMETER;
      case CrossDeviceException x -> NtStatus.NOT_SAME_DEVICE;
      case StaleHandleException x -> NtStatus.FILE_CLOSED;
      case BadHandleException x -> NtStatus.INVALID_HANDLE;
      case BadCookieException x -> NtStatus.INVALID_PARAMETER;
      case TooManyLinksException x -> NtStatus.TOO_MANY_LINKS;
      case FileTooLargeException x -> NtStatus.DISK_FULL;
      case NotSupportedException x -> NtStatus.NOT_SUPPORTED;
      case NoSuchAttributeException x -> NtStatus.OBJECT_NAME_NOT_FOUND;
      case BusyException x -> NtStatus.SHARING_VIOLATION;
      case CorruptDataException x -> NtStatus.DATA_ERROR;
      default -> NtStatus.INTERNAL_ERROR;
    };
  }
}

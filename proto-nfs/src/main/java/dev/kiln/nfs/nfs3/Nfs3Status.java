package dev.kiln.nfs.nfs3;

import dev.kiln.engine.api.error.AccessDeniedException;
import dev.kiln.engine.api.error.AlreadyExistsException;
import dev.kiln.engine.api.error.BadCookieException;
import dev.kiln.engine.api.error.BadHandleException;
import dev.kiln.engine.api.error.BusyException;
import dev.kiln.engine.api.error.CrossDeviceException;
import dev.kiln.engine.api.error.DirectoryNotEmptyException;
import dev.kiln.engine.api.error.FileTooLargeException;
import dev.kiln.engine.api.error.InvalidArgumentException;
import dev.kiln.engine.api.error.IsDirectoryException;
import dev.kiln.engine.api.error.NameTooLongException;
import dev.kiln.engine.api.error.NoSpaceException;
import dev.kiln.engine.api.error.NoSuchEntryException;
import dev.kiln.engine.api.error.NotDirectoryException;
import dev.kiln.engine.api.error.NotPermittedException;
import dev.kiln.engine.api.error.NotSupportedException;
import dev.kiln.engine.api.error.QuotaExceededException;
import dev.kiln.engine.api.error.ReadOnlyFileSystemException;
import dev.kiln.engine.api.error.StaleHandleException;
import dev.kiln.engine.api.error.TooManyLinksException;
import java.io.IOException;

/** nfsstat3 (RFC 1813 §2.6), with the engine exception each one answers. */
public enum Nfs3Status {
  OK(0),
  PERM(1),
  NOENT(2),
  IO(5),
  NXIO(6),
  ACCES(13),
  EXIST(17),
  XDEV(18),
  NODEV(19),
  NOTDIR(20),
  ISDIR(21),
  INVAL(22),
  FBIG(27),
  NOSPC(28),
  ROFS(30),
  MLINK(31),
  NAMETOOLONG(63),
  NOTEMPTY(66),
  DQUOT(69),
  STALE(70),
  REMOTE(71),
  BADHANDLE(10001),
  NOT_SYNC(10002),
  BAD_COOKIE(10003),
  NOTSUPP(10004),
  TOOSMALL(10005),
  SERVERFAULT(10006),
  BADTYPE(10007),
  JUKEBOX(10008);

  private final int code;

  Nfs3Status(int code) {
    this.code = code;
  }

  /** The wire value. */
  public int code() {
    return code;
  }

  /** The status for a failure of an engine call (IO for anything unexpected). */
  public static Nfs3Status of(IOException e) {
    return switch (e) {
      case Nfs3Exception n -> n.status();
      case NoSuchEntryException x -> NOENT;
      case AlreadyExistsException x -> EXIST;
      case NotDirectoryException x -> NOTDIR;
      case IsDirectoryException x -> ISDIR;
      case DirectoryNotEmptyException x -> NOTEMPTY;
      case AccessDeniedException x -> ACCES;
      case NotPermittedException x -> PERM;
      case ReadOnlyFileSystemException x -> ROFS;
      case StaleHandleException x -> STALE;
      case BadHandleException x -> BADHANDLE;
      case QuotaExceededException x -> DQUOT;
      case NoSpaceException x -> NOSPC;
      case NameTooLongException x -> NAMETOOLONG;
      case FileTooLargeException x -> FBIG;
      case TooManyLinksException x -> MLINK;
      case CrossDeviceException x -> XDEV;
      case InvalidArgumentException x -> INVAL;
      case BadCookieException x -> BAD_COOKIE;
      case NotSupportedException x -> NOTSUPP;
      case BusyException x -> JUKEBOX;
      default -> IO;
    };
  }
}

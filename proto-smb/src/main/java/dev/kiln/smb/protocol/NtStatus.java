package dev.kiln.smb.protocol;

/**
 * The NTSTATUS values Kiln sends ([MS-ERREF] 2.3.1); anything else a client might expect is not
 * produced.
 */
public final class NtStatus {

  /** The operation succeeded. */
  public static final int SUCCESS = 0;

  /** An async operation was started (interim response). */
  public static final int PENDING = 0x0000_0103;

  /** A handle with a pending CHANGE_NOTIFY was closed. */
  public static final int NOTIFY_CLEANUP = 0x0000_010B;

  /** Too many changes to describe: the client must re-enumerate. */
  public static final int NOTIFY_ENUM_DIR = 0x0000_010C;

  /** Warning: the data did not fit; a partial answer follows. */
  public static final int BUFFER_OVERFLOW = 0x8000_0005;

  /** STATUS_INVALID_EA_NAME. */
  public static final int INVALID_EA_NAME = 0x8000_0013;

  /** STATUS_EA_LIST_INCONSISTENT. */
  public static final int EA_LIST_INCONSISTENT = 0x8000_0014;

  /** STATUS_INVALID_VIEW_SIZE. */
  public static final int INVALID_VIEW_SIZE = 0xC000_001F;

  /** STATUS_NO_EAS_ON_FILE. */
  public static final int NO_EAS_ON_FILE = 0xC000_0052;

  /** Warning: no more directory entries. */
  public static final int NO_MORE_FILES = 0x8000_0006;

  /** Error values from here on. */
  public static final int NOT_IMPLEMENTED = 0xC000_0002;

  /** Unknown information class. */
  public static final int INVALID_INFO_CLASS = 0xC000_0003;

  /** Buffer length does not fit the information class. */
  public static final int INFO_LENGTH_MISMATCH = 0xC000_0004;

  /** Unknown file id. */
  public static final int INVALID_HANDLE = 0xC000_0008;

  /** A malformed request. */
  public static final int INVALID_PARAMETER = 0xC000_000D;

  /** No file matches the search pattern. */
  public static final int NO_SUCH_FILE = 0xC000_000F;

  /** The request does not apply to this kind of object. */
  public static final int INVALID_DEVICE_REQUEST = 0xC000_0010;

  /** Read at or past the end of the file. */
  public static final int END_OF_FILE = 0xC000_0011;

  /** Authentication needs another round trip. */
  public static final int MORE_PROCESSING_REQUIRED = 0xC000_0016;

  /** Lock sequence replay mismatch. */
  public static final int INVALID_LOCK_SEQUENCE = 0xC000_001E;

  /** Permission refused. */
  public static final int ACCESS_DENIED = 0xC000_0022;

  /** The output buffer cannot hold even the fixed part. */
  public static final int BUFFER_TOO_SMALL = 0xC000_0023;

  /** A name that is not valid. */
  public static final int OBJECT_NAME_INVALID = 0xC000_0033;

  /** The last path component does not exist. */
  public static final int OBJECT_NAME_NOT_FOUND = 0xC000_0034;

  /** The name exists already. */
  public static final int OBJECT_NAME_COLLISION = 0xC000_0035;

  /** A directory in the path does not exist. */
  public static final int OBJECT_PATH_NOT_FOUND = 0xC000_003A;

  /** A path of bad syntax. */
  public static final int OBJECT_PATH_SYNTAX_BAD = 0xC000_003B;

  /** Data corruption detected. */
  public static final int DATA_ERROR = 0xC000_003E;

  /** Share mode conflict with another open. */
  public static final int SHARING_VIOLATION = 0xC000_0043;

  /** Quota exhausted. */
  public static final int QUOTA_EXCEEDED = 0xC000_0044;

  /** Extended attributes are not supported. */
  public static final int EAS_NOT_SUPPORTED = 0xC000_004F;

  /** A byte range is locked by another open. */
  public static final int FILE_LOCK_CONFLICT = 0xC000_0054;

  /** A lock cannot be granted. */
  public static final int LOCK_NOT_GRANTED = 0xC000_0055;

  /** The file is marked for deletion. */
  public static final int DELETE_PENDING = 0xC000_0056;

  /** Wrong user name or password. */
  public static final int LOGON_FAILURE = 0xC000_006D;

  /** Unlock of a range that is not locked. */
  public static final int RANGE_NOT_LOCKED = 0xC000_007E;

  /** No space left. */
  public static final int DISK_FULL = 0xC000_007F;

  /** Resource limit reached. */
  public static final int INSUFFICIENT_RESOURCES = 0xC000_009A;

  /** Write to a read-only file system or snapshot. */
  public static final int MEDIA_WRITE_PROTECTED = 0xC000_00A2;

  /** Impersonation level out of range. */
  public static final int BAD_IMPERSONATION_LEVEL = 0xC000_00A5;

  /** The target is a directory. */
  public static final int FILE_IS_A_DIRECTORY = 0xC000_00BA;

  /** Not supported by this server. */
  public static final int NOT_SUPPORTED = 0xC000_00BB;

  /** The tree connect was torn down. */
  public static final int NETWORK_NAME_DELETED = 0xC000_00C9;

  /** Access to the share refused. */
  public static final int NETWORK_ACCESS_DENIED = 0xC000_00CA;

  /** No share of that name. */
  public static final int BAD_NETWORK_NAME = 0xC000_00CC;

  /** The request is not accepted (e.g. session binding). */
  public static final int REQUEST_NOT_ACCEPTED = 0xC000_00D0;

  /** A binding request signed with an algorithm its session does not use. */
  public static final int REQUEST_OUT_OF_SEQUENCE = 0xC000_042A;

  /** Rename or link across file systems. */
  public static final int NOT_SAME_DEVICE = 0xC000_00D4;

  /** Unexpected server-side failure. */
  public static final int INTERNAL_ERROR = 0xC000_00E5;

  /** The directory is not empty. */
  public static final int DIRECTORY_NOT_EMPTY = 0xC000_0101;

  /** The target is not a directory. */
  public static final int NOT_A_DIRECTORY = 0xC000_0103;

  /** Name too long. */
  public static final int NAME_TOO_LONG = 0xC000_0106;

  /** The request was cancelled. */
  public static final int CANCELLED = 0xC000_0120;

  /** The object cannot be deleted (read-only attribute). */
  public static final int CANNOT_DELETE = 0xC000_0121;

  /** The handle was closed. */
  public static final int FILE_CLOSED = 0xC000_0128;

  /** No DFS here. */
  public static final int FS_DRIVER_REQUIRED = 0xC000_019C;

  /** Lock range overflows. */
  public static final int INVALID_LOCK_RANGE = 0xC000_01A1;

  /** Session unknown or logged off. */
  public static final int USER_SESSION_DELETED = 0xC000_0203;

  /** Object not found (e.g. snapshot token). */
  public static final int NOT_FOUND = 0xC000_0225;

  /** Too many hard links. */
  public static final int TOO_MANY_LINKS = 0xC000_0265;

  /** The file is not a reparse point. */
  public static final int NOT_A_REPARSE_POINT = 0xC000_0275;

  /** The file is too large. */
  public static final int FILE_TOO_LARGE = 0xC000_0904;

  private NtStatus() {}

  /** True for error-class values (severity 3), which get the error response body. */
  public static boolean isError(int status) {
    return (status >>> 30) == 3;
  }
}

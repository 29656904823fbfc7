package dev.kiln.smb.protocol;

/** SMB2 command codes ([MS-SMB2] 2.2.1.2, the Command field). */
public final class Smb2Command {

  /** NEGOTIATE. */
  public static final int NEGOTIATE = 0x00;

  /** SESSION_SETUP. */
  public static final int SESSION_SETUP = 0x01;

  /** LOGOFF. */
  public static final int LOGOFF = 0x02;

  /** TREE_CONNECT. */
  public static final int TREE_CONNECT = 0x03;

  /** TREE_DISCONNECT. */
  public static final int TREE_DISCONNECT = 0x04;

  /** CREATE. */
  public static final int CREATE = 0x05;

  /** CLOSE. */
  public static final int CLOSE = 0x06;

  /** FLUSH. */
  public static final int FLUSH = 0x07;

  /** READ. */
  public static final int READ = 0x08;

  /** WRITE. */
  public static final int WRITE = 0x09;

  /** LOCK. */
  public static final int LOCK = 0x0A;

  /** IOCTL. */
  public static final int IOCTL = 0x0B;

  /** CANCEL. */
  public static final int CANCEL = 0x0C;

  /** ECHO. */
  public static final int ECHO = 0x0D;

  /** QUERY_DIRECTORY. */
  public static final int QUERY_DIRECTORY = 0x0E;

  /** CHANGE_NOTIFY. */
  public static final int CHANGE_NOTIFY = 0x0F;

  /** QUERY_INFO. */
  public static final int QUERY_INFO = 0x10;

  /** SET_INFO. */
  public static final int SET_INFO = 0x11;

  /** OPLOCK_BREAK. */
  public static final int OPLOCK_BREAK = 0x12;

  /** The number of command codes. */
  public static final int COUNT = 0x13;

  private Smb2Command() {}
}

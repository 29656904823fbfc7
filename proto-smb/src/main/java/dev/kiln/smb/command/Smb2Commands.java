package dev.kiln.smb.command;

import dev.kiln.smb.protocol.Smb2Command;

/** The handler table, one class per command ([MS-SMB2] 2.2.1.2 command codes). */
final class Smb2Commands {

  private Smb2Commands() {}

  /** A fresh table sharing one closer and one change-notification registry per server. */
  static Smb2Handler[] table(Closer closer, ChangeNotifications notifications) {
    Smb2Handler[] t = new Smb2Handler[Smb2Command.COUNT];
    t[Smb2Command.NEGOTIATE] = new Smb2Negotiate();
    t[Smb2Command.SESSION_SETUP] = new Smb2SessionSetup(closer);
    t[Smb2Command.LOGOFF] = new Smb2Logoff(closer);
    t[Smb2Command.TREE_CONNECT] = new Smb2TreeConnect();
    t[Smb2Command.TREE_DISCONNECT] = new Smb2TreeDisconnect(closer);
    t[Smb2Command.CREATE] = new Smb2Create(notifications, closer);
    t[Smb2Command.CLOSE] = new Smb2Close(closer);
    t[Smb2Command.FLUSH] = new Smb2Flush();
    t[Smb2Command.READ] = new Smb2Read();
    t[Smb2Command.WRITE] = new Smb2Write(notifications);
    t[Smb2Command.LOCK] = new Smb2Lock();
    t[Smb2Command.IOCTL] = new Smb2Ioctl();
    t[Smb2Command.ECHO] = new Smb2Echo();
    t[Smb2Command.QUERY_DIRECTORY] = new Smb2QueryDirectory();
    t[Smb2Command.CHANGE_NOTIFY] = new Smb2ChangeNotify(notifications);
    t[Smb2Command.QUERY_INFO] = new Smb2QueryInfo();
    t[Smb2Command.SET_INFO] = new Smb2SetInfo(notifications);
    t[Smb2Command.OPLOCK_BREAK] = new Smb2OplockBreak();
    return t;
  }
}

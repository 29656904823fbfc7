package dev.kiln.nfs.access;

import dev.kiln.engine.api.fs.Attributes;

/**
 * POSIX permission evaluation from the owner, group and mode bits (the engine stores permissions
 * but never evaluates them). Root may read and write anything and execute anything that has an
 * execute bit, as on Unix.
 */
public final class ModeCheck {

  /** Read permission bit. */
  public static final int READ = 4;

  /** Write permission bit. */
  public static final int WRITE = 2;

  /** Execute/search permission bit. */
  public static final int EXECUTE = 1;

  private ModeCheck() {}

  /** True when {@code caller} has every bit of {@code want} (rwx as 4/2/1) on the inode. */
  public static boolean allows(Caller caller, Attributes a, int want) {
    int mode = a.mode();
    if (caller.isRoot()) {
      return (want & EXECUTE) == 0 || a.isDirectory() || (mode & 0111) != 0;
    }
    int granted;
    if (caller.uid() == a.uid()) {
      granted = (mode >> 6) & 7;
    } else if (caller.inGroup(a.gid())) {
      granted = (mode >> 3) & 7;
    } else {
      granted = mode & 7;
    }
    return (granted & want) == want;
  }

  /**
   * True when the caller may remove or rename entry {@code victim} of {@code dir}: write and search
   * on the directory, and with the sticky bit only the owner of the entry or of the directory.
   */
  public static boolean mayDelete(Caller caller, Attributes dir, Attributes victim) {
    if (!allows(caller, dir, WRITE | EXECUTE)) {
      return false;
    }
    if ((dir.mode() & 01000) == 0 || caller.isRoot()) {
      return true;
    }
    return caller.uid() == victim.uid() || caller.uid() == dir.uid();
  }
}

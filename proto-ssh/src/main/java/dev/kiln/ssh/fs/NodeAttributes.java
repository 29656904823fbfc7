package dev.kiln.ssh.fs;

import dev.kiln.engine.api.fs.Attributes;
import dev.kiln.engine.api.fs.FileType;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** The engine's attributes in the shape of {@code java.nio.file} attribute views. */
record NodeAttributes(Attributes attrs) implements PosixFileAttributes {

  private static final PosixFilePermission[] BITS = {
    PosixFilePermission.OTHERS_EXECUTE,
    PosixFilePermission.OTHERS_WRITE,
    PosixFilePermission.OTHERS_READ,
    PosixFilePermission.GROUP_EXECUTE,
    PosixFilePermission.GROUP_WRITE,
    PosixFilePermission.GROUP_READ,
    PosixFilePermission.OWNER_EXECUTE,
    PosixFilePermission.OWNER_WRITE,
    PosixFilePermission.OWNER_READ
  };

  /** Permission bits as a set (setuid/setgid/sticky have no place in it). */
  static Set<PosixFilePermission> permissions(int mode) {
    Set<PosixFilePermission> out = EnumSet.noneOf(PosixFilePermission.class);
    for (int i = 0; i < BITS.length; i++) {
      if ((mode & (1 << i)) != 0) {
        out.add(BITS[i]);
      }
    }
    return out;
  }

  /** A permission set as mode bits. */
  static int mode(Set<PosixFilePermission> perms) {
    int mode = 0;
    for (int i = 0; i < BITS.length; i++) {
      if (perms.contains(BITS[i])) {
        mode |= 1 << i;
      }
    }
    return mode;
  }

  @Override
  public UserPrincipal owner() {
    return new NumericPrincipals.User(attrs.uid());
  }

  @Override
  public GroupPrincipal group() {
    return new NumericPrincipals.Group(attrs.gid());
  }

  @Override
  public Set<PosixFilePermission> permissions() {
    return permissions(attrs.mode());
  }

  @Override
  public FileTime lastModifiedTime() {
    return FileTime.from(attrs.mtime());
  }

  @Override
  public FileTime lastAccessTime() {
    return FileTime.from(attrs.atime());
  }

  @Override
  public FileTime creationTime() {
    return FileTime.from(attrs.birthtime());
  }

  @Override
  public boolean isRegularFile() {
    return attrs.type() == FileType.FILE;
  }

  @Override
  public boolean isDirectory() {
    return attrs.type() == FileType.DIRECTORY;
  }

  @Override
  public boolean isSymbolicLink() {
    return attrs.type() == FileType.SYMLINK;
  }

  @Override
  public boolean isOther() {
    return !isRegularFile() && !isDirectory() && !isSymbolicLink();
  }

  @Override
  public long size() {
    return attrs.size();
  }

  @Override
  public Object fileKey() {
    return attrs.inode();
  }

  /** The attributes of view {@code view} ("basic", "posix", "owner" or "unix"). */
  Map<String, Object> asMap(String view) {
    Map<String, Object> m = new LinkedHashMap<>();
    if (view.equals("owner")) {
      m.put("owner", owner());
      return m;
    }
    m.put("size", size());
    m.put("lastModifiedTime", lastModifiedTime());
    m.put("lastAccessTime", lastAccessTime());
    m.put("creationTime", creationTime());
    m.put("isRegularFile", isRegularFile());
    m.put("isDirectory", isDirectory());
    m.put("isSymbolicLink", isSymbolicLink());
    m.put("isOther", isOther());
    m.put("fileKey", fileKey());
    if (view.equals("basic")) {
      return m;
    }
    m.put("owner", owner());
    m.put("group", group());
    m.put("permissions", permissions());
    if (view.equals("unix")) {
      m.put("uid", (int) attrs.uid());
      m.put("gid", (int) attrs.gid());
      m.put("mode", typeBits() | attrs.mode());
      m.put("ino", attrs.inode());
      m.put("nlink", attrs.nlink());
      m.put("rdev", attrs.rdev());
      m.put("ctime", FileTime.from(attrs.ctime()));
      m.put("dev", 0L);
    }
    return m;
  }

  private int typeBits() {
    return switch (attrs.type()) {
      case DIRECTORY -> 0040000;
      case SYMLINK -> 0120000;
      case FILE -> 0100000;
      default -> 0;
    };
  }
}

package dev.kiln.testkit.memory;

import dev.kiln.engine.api.acl.Acl;
import dev.kiln.engine.api.fs.DosAttribute;
import dev.kiln.engine.api.fs.FileType;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Mutable state of one in-memory inode; guarded by the owning MemoryFileSystem's lock. */
final class MemoryInode {

  final long number;
  final long generation;
  final FileType type;
  int mode;
  long uid;
  long gid;
  String ownerSid;
  String groupSid;
  int nlink;
  long rdev;
  Instant atime;
  Instant mtime;
  Instant ctime;
  Instant birthtime;
  Set<DosAttribute> dos = EnumSet.noneOf(DosAttribute.class);
  long change;
  SparseBytes data;
  DirectoryEntries entries;
  long parent;
  String target;
  TreeMap<String, byte[]> xattrs = new TreeMap<>();
  TreeMap<String, Long> streams = new TreeMap<>();
  long streamOwner;
  Acl acl;

  MemoryInode(long number, long generation, FileType type) {
    this.number = number;
    this.generation = generation;
    this.type = type;
  }

  boolean isStream() {
    return streamOwner != 0;
  }

  MemoryInode copy() {
    MemoryInode c = new MemoryInode(number, generation, type);
    c.mode = mode;
    c.uid = uid;
    c.gid = gid;
    c.ownerSid = ownerSid;
    c.groupSid = groupSid;
    c.nlink = nlink;
    c.rdev = rdev;
    c.atime = atime;
    c.mtime = mtime;
    c.ctime = ctime;
    c.birthtime = birthtime;
    c.dos = dos.isEmpty() ? EnumSet.noneOf(DosAttribute.class) : EnumSet.copyOf(dos);
    c.change = change;
    c.data = data == null ? null : data.copy();
    c.entries = entries == null ? null : entries.copy();
    c.parent = parent;
    c.target = target;
    for (Map.Entry<String, byte[]> e : xattrs.entrySet()) {
      c.xattrs.put(e.getKey(), e.getValue().clone());
    }
    c.streams.putAll(streams);
    c.streamOwner = streamOwner;
    c.acl = acl;
    return c;
  }
}

package dev.kiln.engine.api.fs;

/** Optional capabilities a file system may offer; front ends advertise only what is present. */
public enum FsFeature {
  /** Hard links through {@code link}. */
  HARD_LINKS,
  /** Symbolic links. */
  SYMLINKS,
  /** Device nodes, FIFOs and sockets through {@code mknod}. */
  SPECIAL_FILES,
  /** Extended attributes. */
  XATTRS,
  /** Named streams (SMB alternate data streams). */
  NAMED_STREAMS,
  /** Stored NFSv4-style ACLs. */
  ACLS,
  /** Preallocation through {@code allocate}. */
  ALLOCATE,
  /** Hole punching through {@code punchHole}. */
  PUNCH_HOLE
}

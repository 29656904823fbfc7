package dev.kiln.nfs.access;

import dev.kiln.nfs.export.ExportOptions;
import java.util.Arrays;

/**
 * The identity a call acts as, after the export's squash rules (RFC 5531 §14 AUTH_SYS credentials).
 *
 * @param uid user id
 * @param gid primary group id
 * @param groups supplementary group ids
 */
public record Caller(long uid, long gid, long[] groups) {

  /** Copies the group array. */
  public Caller {
    groups = groups.clone();
  }

  /** The caller after {@code options}' squash rule. */
  public Caller squashed(ExportOptions options) {
    return switch (options.squash()) {
      case NONE -> this;
      case ROOT -> uid == 0 ? anonymous(options) : this;
      case ALL -> anonymous(options);
    };
  }

  /** The anonymous identity of an export. */
  public static Caller anonymous(ExportOptions options) {
    return new Caller(options.anonUid(), options.anonGid(), new long[0]);
  }

  /** True for the superuser. */
  public boolean isRoot() {
    return uid == 0;
  }

  /** True when the caller is in group {@code g}. */
  public boolean inGroup(long g) {
    return gid == g || Arrays.stream(groups).anyMatch(x -> x == g);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Caller c && c.uid == uid && c.gid == gid && Arrays.equals(c.groups, groups);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(uid) * 31 + Arrays.hashCode(groups);
  }

  @Override
  public String toString() {
    return "Caller[uid=" + uid + ", gid=" + gid + ", groups=" + Arrays.toString(groups) + "]";
  }
}

package dev.kiln.engine.api.fs;

import java.time.Instant;
import java.util.Set;

/**
 * Attribute changes for setattr, and initial attributes for create, mkdir, symlink and mknod.
 *
 * <p>Every field is optional: null means "leave unchanged" (setattr) or "use the default" (create:
 * mode 0644 for files, 0755 for directories, 0777 for symlinks, uid and gid 0). Build values with
 * {@link #none()} and the {@code with*} methods.
 *
 * @param mode new permission bits ({@code 07777} at most)
 * @param uid new owner user id
 * @param gid new owner group id
 * @param ownerSid new owner SID string
 * @param groupSid new group SID string
 * @param size new size: truncates or extends with zeros (files only)
 * @param atime new access time
 * @param mtime new modification time
 * @param birthtime new creation time (SMB lets clients set it)
 * @param dosAttributes new full set of DOS attribute bits
 */
public record SetAttributes(
    Integer mode,
    Long uid,
    Long gid,
    String ownerSid,
    String groupSid,
    Long size,
    TimeSet atime,
    TimeSet mtime,
    Instant birthtime,
    Set<DosAttribute> dosAttributes) {

  private static final SetAttributes NONE =
      new SetAttributes(null, null, null, null, null, null, null, null, null, null);

  /** Freezes the DOS attribute set when present. */
  public SetAttributes {
    dosAttributes = dosAttributes == null ? null : Set.copyOf(dosAttributes);
  }

  /** No changes at all; the starting point for the {@code with*} methods. */
  public static SetAttributes none() {
    return NONE;
  }

  /** A copy that also sets the permission bits. */
  public SetAttributes withMode(int newMode) {
    return new SetAttributes(
        newMode, uid, gid, ownerSid, groupSid, size, atime, mtime, birthtime, dosAttributes);
  }

  /** A copy that also sets the owner user and group ids. */
  public SetAttributes withOwner(long newUid, long newGid) {
    return new SetAttributes(
        mode, newUid, newGid, ownerSid, groupSid, size, atime, mtime, birthtime, dosAttributes);
  }

  /** A copy that also sets the owner and group SIDs (either may be null to leave it). */
  public SetAttributes withSids(String newOwnerSid, String newGroupSid) {
    return new SetAttributes(
        mode, uid, gid, newOwnerSid, newGroupSid, size, atime, mtime, birthtime, dosAttributes);
  }

  /** A copy that also sets the size. */
  public SetAttributes withSize(long newSize) {
    return new SetAttributes(
        mode, uid, gid, ownerSid, groupSid, newSize, atime, mtime, birthtime, dosAttributes);
  }

  /** A copy that also sets the access time. */
  public SetAttributes withAtime(TimeSet newAtime) {
    return new SetAttributes(
        mode, uid, gid, ownerSid, groupSid, size, newAtime, mtime, birthtime, dosAttributes);
  }

  /** A copy that also sets the modification time. */
  public SetAttributes withMtime(TimeSet newMtime) {
    return new SetAttributes(
        mode, uid, gid, ownerSid, groupSid, size, atime, newMtime, birthtime, dosAttributes);
  }

  /** A copy that also sets the creation time. */
  public SetAttributes withBirthtime(Instant newBirthtime) {
    return new SetAttributes(
        mode, uid, gid, ownerSid, groupSid, size, atime, mtime, newBirthtime, dosAttributes);
  }

  /** A copy that also replaces the DOS attribute bits. */
  public SetAttributes withDosAttributes(Set<DosAttribute> newDosAttributes) {
    return new SetAttributes(
        mode, uid, gid, ownerSid, groupSid, size, atime, mtime, birthtime, newDosAttributes);
  }

  /** True when no field is set, so applying it changes nothing. */
  public boolean isEmpty() {
    return equals(NONE);
  }
}

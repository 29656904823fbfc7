package dev.kiln.smb.command;

import dev.kiln.engine.api.fs.Attributes;
import dev.kiln.engine.api.fs.FileSystem;
import dev.kiln.engine.api.fs.SetAttributes;
import dev.kiln.smb.protocol.SmbStatusException;
import dev.kiln.smb.protocol.StatusAccessDenied;
import dev.kiln.smb.security.Sid;
import dev.kiln.smb.state.Caller;
import java.io.IOException;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A file's owner and group as SIDs ([MS-DTYP] 2.4.6): Kiln users and groups are their Unix SIDs
 * (S-1-22-1-uid, S-1-22-2-gid); a Windows owner or group that is none (Everyone, BUILTIN\Users) is
 * kept in the engine's owner and group SID fields beside the uid and gid, which stay the file's
 * POSIX owner and group for NFS, SFTP and access checks. An empty SID field means none.
 */
final class Ownership {

  private Ownership() {}

  /** The owner SID of {@code a}. */
  static Sid owner(Attributes a) {
    String s = a.ownerSid();
    return s == null || s.isEmpty() ? Sid.unixUser(a.uid()) : Sid.of(s);
  }

  /** The group SID of {@code a}. */
  static Sid group(Attributes a) {
    String s = a.groupSid();
    return s == null || s.isEmpty() ? Sid.unixGroup(a.gid()) : Sid.of(s);
  }

  /**
   * Sets the owner and group a descriptor names (absent: unchanged). Only a superuser gives a file
   * to someone else ([MS-DTYP] 2.5.3.4: without SeRestorePrivilege the owner must be the caller);
   * returns the file's attributes afterwards.
   */
  static Attributes change(
      FileSystem fs, Attributes a, Optional<Sid> owner, Optional<Sid> group, Caller caller)
      throws IOException, SmbStatusException {
    long uid = a.uid();
    long gid = a.gid();
    String ownerSid = null;
    String groupSid = null;
    if (owner.isPresent() && !owner.get().equals(owner(a))) {
      OptionalLong u = owner.get().uid();
      if (!caller.superuser() && (u.isEmpty() || u.getAsLong() != caller.uid())) {
        throw new StatusAccessDenied("only an administrator gives files away");
      }
      if (u.isPresent()) {
        uid = u.getAsLong();
        ownerSid = "";
      } else {
        ownerSid = owner.get().toString();
      }
    }
    if (group.isPresent() && !group.get().equals(group(a))) {
      OptionalLong g = group.get().gid();
      if (g.isPresent()) {
        gid = g.getAsLong();
        groupSid = "";
      } else if (caller.superuser()) {
        groupSid = group.get().toString();
      } else {
        throw new StatusAccessDenied("only an administrator sets a group that is no Kiln group");
      }
    }
    SetAttributes change = SetAttributes.none();
    boolean any = false;
    if (uid != a.uid() || gid != a.gid()) {
      change = change.withOwner(uid, gid);
      any = true;
    }
    if (ownerSid != null || groupSid != null) {
      change = change.withSids(ownerSid, groupSid);
      any = true;
    }
    return any ? fs.setattr(a.inode(), change) : a;
  }
}
